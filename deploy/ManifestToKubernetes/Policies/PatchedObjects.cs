using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy.Policies;

/// <summary>
/// What an overlay sends to the cluster: its resources with its strategic-merge patches applied, so that the rules check
/// the overlay's objects and not only the base's. Implements the part of strategic merge our patches use: maps merge
/// key by key, lists of named items merge by name, other lists are replaced.
/// </summary>
public static class PatchedObjects
{
    public static List<IKubernetesObject<V1ObjectMeta>> Apply(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, IEnumerable<IKubernetesObject<V1ObjectMeta>> patches)
    {
        var result = objects.ToList();
        foreach (var patch in patches)
        {
            var index = result.FindIndex(o => o.Kind == patch.Kind && o.Metadata.Name == patch.Metadata.Name);
            if (index < 0)
            {
                throw new InvalidOperationException($"The patch {patch.Kind}/{patch.Metadata.Name} targets no object (kustomize would refuse the overlay).");
            }

            var target = result[index];
            var merged = Merge(JsonNode.Parse(KubernetesJson.Serialize(target))!, JsonNode.Parse(KubernetesJson.Serialize(patch))!);
            result[index] = target switch
            {
                V1Deployment => KubernetesJson.Deserialize<V1Deployment>(merged.ToJsonString()),
                V1StatefulSet => KubernetesJson.Deserialize<V1StatefulSet>(merged.ToJsonString()),
                V2HorizontalPodAutoscaler => KubernetesJson.Deserialize<V2HorizontalPodAutoscaler>(merged.ToJsonString()),
                V1Ingress => KubernetesJson.Deserialize<V1Ingress>(merged.ToJsonString()),
                V1ConfigMap => KubernetesJson.Deserialize<V1ConfigMap>(merged.ToJsonString()),
                V1Namespace => KubernetesJson.Deserialize<V1Namespace>(merged.ToJsonString()),
                _ => throw new InvalidOperationException($"Patches of {target.Kind} are not modelled."),
            };
        }

        return result;
    }

    private static JsonNode Merge(JsonNode target, JsonNode patch)
    {
        switch (target, patch)
        {
            case (JsonObject to, JsonObject from):
                foreach (var (key, value) in from.ToList())
                {
                    var existing = to[key];
                    var merged = existing is not null && value is not null ? Merge(existing, value) : value?.DeepClone();
                    if (!ReferenceEquals(merged, existing))
                    {
                        to[key] = merged;
                    }
                }

                return to;
            case (JsonArray to, JsonArray from) when Named(to) && Named(from):
                foreach (var item in from)
                {
                    var name = (string?)item!["name"];
                    var existing = to.FirstOrDefault(t => (string?)t!["name"] == name);
                    if (existing is null)
                    {
                        to.Add(item.DeepClone());
                    }
                    else if (Merge(existing, item!) is var merged && !ReferenceEquals(merged, existing))
                    {
                        to[to.IndexOf(existing)] = merged;
                    }
                }

                return to;
            default:
                return patch.DeepClone();
        }
    }

    private static bool Named(JsonArray items) => items.Count > 0 && items.All(i => i is JsonObject o && o["name"] is JsonValue);
}
