using k8s.Models;

namespace ReferenceApp.Deploy.Policies;

/// <summary>No env var is set twice in a container (directly or through envFrom): which one wins is easy to get wrong.</summary>
public sealed class NoDuplicateEnv : IPolicyRule
{
    public const string Id = "no-duplicate-env";

    public string Name => Id;

    public IEnumerable<string> Check(ObjectSet set)
    {
        foreach (var workload in set.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                var names = (container.Env ?? []).Select(e => e.Name).ToList();
                foreach (var source in container.EnvFrom ?? [])
                {
                    var configMap = set.Of<V1ConfigMap>().FirstOrDefault(c => c.Metadata.Name == source.ConfigMapRef?.Name);
                    names.AddRange((configMap?.Data?.Keys ?? []).Select(k => (source.Prefix ?? "") + k));
                }

                foreach (var duplicate in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    yield return $"{workload.Id}: env '{duplicate.Key}' of container {container.Name} is set more than once.";
                }
            }
        }
    }
}
