using k8s.Models;

namespace ReferenceApp.Deploy;

/// <summary>
/// An object of a CRD the KubernetesClient has no typed model for (ServiceMonitor, PrometheusRule, VirtualService,
/// DestinationRule). The spec is plain data built in a fixed order; <see cref="CustomResourceShapes"/> checks its shape.
/// </summary>
public sealed record CustomResource(string ApiVersion, string Kind, V1ObjectMeta Metadata, IReadOnlyDictionary<string, object> Spec)
{
    public Dictionary<string, object> ToSerializable() => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = Kind,
        ["metadata"] = Metadata,
        ["spec"] = Spec,
    };
}
