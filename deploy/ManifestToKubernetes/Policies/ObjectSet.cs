using k8s;
using k8s.Models;
using ReferenceApp.Deploy.Builders;

namespace ReferenceApp.Deploy.Policies;

/// <summary>The objects under check, with the pod-bearing ones unpacked.</summary>
public sealed class ObjectSet(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects)
{
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; } = objects;

    public IReadOnlyList<PodWorkload> Workloads { get; } = objects.Select(o => o switch
    {
        V1Deployment d => new PodWorkload("Deployment", d.Metadata.Name, d.Spec?.Selector, d.Spec?.Template),
        V1StatefulSet s => new PodWorkload("StatefulSet", s.Metadata.Name, s.Spec?.Selector, s.Spec?.Template),
        // A Job's selector is Kubernetes' own (generated from its uid): there is none to check.
        V1Job j => new PodWorkload("Job", j.Metadata.Name, null, j.Spec?.Template),
        _ => null,
    }).OfType<PodWorkload>().ToList();

    public IEnumerable<T> Of<T>() where T : IKubernetesObject<V1ObjectMeta> => Objects.OfType<T>();

    public IEnumerable<CustomResource> Custom(string kind) => Objects.OfType<CustomResource>().Where(c => c.Kind == kind);
}

public sealed record PodWorkload(string Kind, string Name, V1LabelSelector? Selector, V1PodTemplateSpec? Template)
{
    public string Id => $"{Kind}/{Name}";
    /// <summary>A pod that runs to completion (a Job): no PodDisruptionBudget, selector or spread to speak of.</summary>
    public bool RunsToCompletion => Kind == "Job";
    public IDictionary<string, string>? PodLabels => Template?.Metadata?.Labels;
    public V1PodSpec PodSpec => Template?.Spec ?? new V1PodSpec();
    public IList<V1Container> Containers => PodSpec.Containers ?? [];
    public IList<V1Container> InitContainers => PodSpec.InitContainers ?? [];
}
