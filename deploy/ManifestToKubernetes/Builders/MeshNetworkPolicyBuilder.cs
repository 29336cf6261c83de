using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// The NetworkPolicies Istio's ambient mode needs beside the application's default deny. NetworkPolicy is enforced
/// outside the pod, so it sees the mesh's tunnel (HBONE, port 15008) and the kubelet probes ambient rewrites, not the
/// application ports inside the tunnel; who may call whom inside the mesh is Istio's AuthorizationPolicy's job.
/// </summary>
public sealed class MeshNetworkPolicyBuilder(DeploymentProfile profile)
{
    /// <summary>The link-local address ambient mode SNATs kubelet health probes to (Istio: ambient and NetworkPolicy).</summary>
    public const string KubeletProbeSource = "169.254.7.127/32";

    public IEnumerable<V1NetworkPolicy> Build()
    {
        yield return ControlPlane();
        yield return Hbone();
        yield return KubeletProbes();
    }

    /// <summary>The waypoint's Envoy must reach istiod for its configuration and certificates; default deny would cut it off.</summary>
    private V1NetworkPolicy ControlPlane() => Policy("allow-istio-control-plane", new V1NetworkPolicySpec
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
    });

    /// <summary>
    /// Mesh traffic between the namespace's pods, the waypoint included, travels in ztunnel's HBONE tunnel to port
    /// 15008 of the destination pod; without this the default deny drops all of it.
    /// </summary>
    private V1NetworkPolicy Hbone() => Policy("allow-mesh-hbone", new V1NetworkPolicySpec
    {
        PodSelector = new V1LabelSelector(),
        PolicyTypes = ["Ingress", "Egress"],
        Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }], Ports = [HbonePort()] }],
        Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }], Ports = [HbonePort()] }],
    });

    /// <summary>Ambient mode rewrites the source of kubelet probes to a link-local address, which default deny would drop.</summary>
    private V1NetworkPolicy KubeletProbes() => Policy("allow-ambient-kubelet-probes", new V1NetworkPolicySpec
    {
        PodSelector = new V1LabelSelector(),
        PolicyTypes = ["Ingress"],
        Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = KubeletProbeSource } }] }],
    });

    private static V1NetworkPolicyPort HbonePort() => new() { Port = CanaryComponentBuilder.HbonePort, Protocol = "TCP" };

    private V1NetworkPolicy Policy(string name, V1NetworkPolicySpec spec) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = name, Labels = Labels.Shared(profile.Application) },
        Spec = spec,
    };
}
