using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// A kustomization.yaml (Kustomization or Component). KubernetesClient has no model for it, so this small type
/// writes the fields we use, in kustomize's documented order.
/// </summary>
public sealed record Kustomization
{
    public bool IsComponent { get; init; }
    public string? Namespace { get; init; }
    public IReadOnlyList<string> Resources { get; init; } = [];
    public IReadOnlyList<string> Components { get; init; } = [];
    public IReadOnlyList<KustomizeImage> Images { get; init; } = [];
    public IReadOnlyList<string> Patches { get; init; } = [];

    /// <summary>The file an object is written to: kind-name.yaml.</summary>
    public static string FileName(IKubernetesObject<V1ObjectMeta> value) => $"{value.Kind.ToLowerInvariant()}-{value.Metadata.Name}.yaml";

    /// <summary>Where an overlay or component keeps a strategic-merge patch.</summary>
    public static string PatchPath(IKubernetesObject<V1ObjectMeta> patch) => $"patches/{FileName(patch)}";

    public Dictionary<string, object> ToSerializable()
    {
        var result = new Dictionary<string, object>
        {
            ["apiVersion"] = IsComponent ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1",
            ["kind"] = IsComponent ? "Component" : "Kustomization",
        };
        if (Namespace is not null)
        {
            result["namespace"] = Namespace;
        }

        if (Resources.Count > 0)
        {
            result["resources"] = Resources.ToList();
        }

        if (Components.Count > 0)
        {
            result["components"] = Components.ToList();
        }

        if (Images.Count > 0)
        {
            result["images"] = Images.Select(i => new Dictionary<string, object> { ["name"] = i.Name, ["newName"] = i.NewName, ["newTag"] = i.NewTag }).ToList();
        }

        if (Patches.Count > 0)
        {
            result["patches"] = Patches.Select(p => new Dictionary<string, object> { ["path"] = p }).ToList();
        }

        return result;
    }
}

public sealed record KustomizeImage(string Name, string NewName, string NewTag);
