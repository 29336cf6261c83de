using ReferenceApp.Deploy.Input;

namespace ReferenceApp.Deploy.Policies;

/// <summary>Every image is pinned to a tag other than latest, or to a digest.</summary>
public sealed class NoLatestTag : IPolicyRule
{
    public const string Id = "no-latest-tag";

    public string Name => Id;

    public IEnumerable<string> Check(ObjectSet set)
    {
        foreach (var workload in set.Workloads)
        {
            foreach (var container in workload.Containers.Concat(workload.InitContainers))
            {
                var tag = container.Image is null ? null : ImageReference.TagOf(container.Image);
                if (tag is null or "latest" && container.Image?.Contains('@', StringComparison.Ordinal) != true)
                {
                    yield return $"{workload.Id}: image '{container.Image}' of {container.Name} is not pinned to a tag (or is 'latest').";
                }
            }
        }
    }
}
