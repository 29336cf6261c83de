using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// An object of a CRD the KubernetesClient has no typed model for (ServiceMonitor, PrometheusRule, VirtualService,
/// DestinationRule, the Chaos Mesh kinds). It is a Kubernetes object like the built-in ones (kind, apiVersion,
/// metadata), so it travels through the stages with them; its spec is plain data built in a fixed order, whose shape
/// the tests check against the CRDs.
/// </summary>
public sealed record CustomResource(string ApiVersion, string Kind, V1ObjectMeta Metadata, IReadOnlyDictionary<string, object> Spec)
    : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = ApiVersion;

    public string Kind { get; set; } = Kind;

    public V1ObjectMeta Metadata { get; set; } = Metadata;

    public Dictionary<string, object> ToSerializable() => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = Kind,
        ["metadata"] = Metadata,
        ["spec"] = Spec,
    };
}
