using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// Reads YAML documents back the strict way: a built-in kind into its KubernetesClient model with strict=true (an
/// unknown or misspelt field throws), a CRD into a <see cref="CustomResource"/> with plain data for shape checks.
/// </summary>
public static class KubernetesDocuments
{
    public static readonly IReadOnlyDictionary<string, Type> TypedKinds = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/Secret"] = typeof(V1Secret),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["networking.k8s.io/v1/Ingress"] = typeof(V1Ingress),
        ["storage.k8s.io/v1/StorageClass"] = typeof(V1StorageClass),
        ["apps/v1/DaemonSet"] = typeof(V1DaemonSet),
        ["batch/v1/Job"] = typeof(V1Job),
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = typeof(V1ClusterRole),
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
    };

    public static readonly IReadOnlySet<string> CustomKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "monitoring.coreos.com/v1/ServiceMonitor",
        "monitoring.coreos.com/v1/PrometheusRule",
        "gateway.networking.k8s.io/v1/HTTPRoute",
        "gateway.networking.k8s.io/v1/Gateway",
        "chaos-mesh.org/v1alpha1/Schedule",
        "chaos-mesh.org/v1alpha1/PodChaos",
        "chaos-mesh.org/v1alpha1/NetworkChaos",
        "chaos-mesh.org/v1alpha1/StressChaos",
        "security.istio.io/v1/AuthorizationPolicy",
    };

    /// <summary>Splits a multi-document stream (kubectl kustomize output) into its documents.</summary>
    public static List<string> Split(string yaml) =>
        System.Text.RegularExpressions.Regex.Split(yaml, "^---\\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(d => d.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#')))
            .Select(d => d.TrimStart('\n'))
            .ToList();

    public static string TypeKey(string yaml)
    {
        var head = new DeserializerBuilder().IgnoreUnmatchedProperties().Build().Deserialize<Dictionary<string, object>>(yaml);
        return $"{head.GetValueOrDefault("apiVersion")}/{head.GetValueOrDefault("kind")}";
    }

    public static IKubernetesObject<V1ObjectMeta> Parse(string yaml)
    {
        var key = TypeKey(yaml);
        if (TypedKinds.TryGetValue(key, out var type))
        {
            var method = typeof(KubernetesYaml).GetMethods()
                .Single(m => m.Name == nameof(KubernetesYaml.Deserialize) && m.GetParameters()[0].ParameterType == typeof(string))
                .MakeGenericMethod(type);
            try
            {
                return (IKubernetesObject<V1ObjectMeta>)method.Invoke(null, [yaml, true])!;
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }

        if (CustomKinds.Contains(key))
        {
            var data = (Dictionary<string, object>)Normalize(new DeserializerBuilder().Build().Deserialize<object>(yaml))!;
            var metadata = KubernetesYaml.Deserialize<V1ObjectMeta>(new SerializerBuilder().Build().Serialize(data["metadata"]), strict: true);
            var unknown = data.Keys.Except(["apiVersion", "kind", "metadata", "spec"]).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidDataException($"{key}: unknown top-level fields {string.Join(", ", unknown)}");
            }

            var resource = new CustomResource((string)data["apiVersion"], (string)data["kind"], metadata, (Dictionary<string, object>)data["spec"]);
            // Plain data loses YAML's scalar types (5 and "5" both become "5"); schema checks read the document itself.
            Sources.AddOrUpdate(resource, yaml);
            return resource;
        }

        throw new InvalidDataException($"No model or shape check for {key}.");
    }

    /// <summary>The YAML each parsed custom resource was read from.</summary>
    public static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CustomResource, string> Sources = new();

    public static List<IKubernetesObject<V1ObjectMeta>> ParseAll(string yaml) => Split(yaml).Select(Parse).ToList();

    /// <summary>YamlDotNet's object graph with string keys, so it reads like the generator's CRD specs.</summary>
    public static object? Normalize(object? value) => value switch
    {
        IDictionary<object, object> map => map.ToDictionary(e => e.Key.ToString()!, e => Normalize(e.Value)!, StringComparer.Ordinal),
        IList<object> list => list.Select(Normalize).ToList()!,
        _ => value,
    };
}
