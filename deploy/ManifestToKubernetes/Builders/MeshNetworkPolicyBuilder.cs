using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>The NetworkPolicies the mesh needs beside the application's default deny.</summary>
public sealed class MeshNetworkPolicyBuilder(DeploymentProfile profile)
{
    public IEnumerable<V1NetworkPolicy> Build()
    {
        yield return ControlPlane();
    }

    /// <summary>Sidecars must reach istiod for their configuration and certificates; default deny would cut them off.</summary>
    private V1NetworkPolicy ControlPlane() => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = "allow-istio-control-plane", Labels = Labels.Shared(profile.Application) },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            PolicyTypes = ["Egress"],
            Egress =
            [
                new V1NetworkPolicyEgressRule
                {
                    To = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector { MatchLabels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = "istio-system" } } }],
                    Ports = [new V1NetworkPolicyPort { Port = 15012, Protocol = "TCP" }],
                },
            ],
        },
    };
}
