using k8s.Models;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// The mesh overlays' Istio AuthorizationPolicies, from the same <see cref="InboundEdges"/> as the NetworkPolicies. In
/// ambient mode every connection between the namespace's pods travels on HBONE (15008), which the NetworkPolicies must
/// allow wholesale, so the per-edge limits move here: <c>allow-nothing</c> for the namespace, one L4 ALLOW policy per
/// workload (its callers' ServiceAccounts and the ports its NetworkPolicy opens, enforced by ztunnel), and one for the
/// waypoint (the routers that call a canary's mesh Service). A router's calls to a canary's tracks reach them through
/// the waypoint, so the tracks allow the waypoint's identity for those edges instead of the router's.
/// </summary>
public sealed class AuthorizationPolicyBuilder(DeploymentModel model)
{
    /// <summary>Istio's default trust domain (meshConfig.trustDomain); the principals name it.</summary>
    public const string TrustDomain = "cluster.local";

    /// <summary>The ServiceAccount of the waypoint Istio deploys for the Gateway (class istio-waypoint: the Gateway's own name).</summary>
    public const string WaypointServiceAccount = CanaryComponentBuilder.WaypointName;

    public const string AllowNothingName = "allow-nothing";

    private string Application => model.Profile.Application;

    public static string Principal(string ns, string serviceAccount) => $"{TrustDomain}/ns/{ns}/sa/{serviceAccount}";

    public IEnumerable<AuthorizationPolicy> Build(string ns)
    {
        yield return new AuthorizationPolicy(Metadata(AllowNothingName, Labels.Shared(Application)), new AuthorizationPolicySpec());
        foreach (var workload in model.Workloads)
        {
            var rules = InboundEdges.For(model, workload).Select(edge => new AuthorizationRule(Source(ns, RoutedThroughWaypoint(edge, workload)), edge.Ports)).ToList();
            yield return new AuthorizationPolicy(Metadata(workload.Name, Labels.Common(Application, workload)), new AuthorizationPolicySpec
            {
                Selector = Labels.Selector(Application, workload.Name),
                Action = "ALLOW",
                Rules = rules,
            });
        }

        if (model.Canaries.Count > 0)
        {
            yield return new AuthorizationPolicy(Metadata(CanaryComponentBuilder.WaypointName, Labels.Shared(Application)), new AuthorizationPolicySpec
            {
                TargetRefs = [new PolicyTargetReference("gateway.networking.k8s.io", "Gateway", CanaryComponentBuilder.WaypointName)],
                Action = "ALLOW",
                Rules = model.Canaries
                    .Select(c => new AuthorizationRule(new PolicySource(Principals: [Principal(ns, c.Router)]), [model.Get(c.Weights()[0].Key).PrimaryPort.Port]))
                    .ToList(),
            });
        }
    }

    /// <summary>In mesh mode a canary's router calls the canary's Service, which the waypoint serves: the track sees the waypoint.</summary>
    private EdgeSource RoutedThroughWaypoint(InboundEdge edge, Workload target) =>
        !edge.From.IsNamespace && target.Canary is { } canary && model.Canaries.Any(c => c.Name == canary.Group && c.Router == edge.From.Name)
            ? EdgeSource.Workload(WaypointServiceAccount)
            : edge.From;

    private static PolicySource Source(string ns, EdgeSource from) => from.IsNamespace
        ? new PolicySource(Namespaces: [from.Name])
        : new PolicySource(Principals: [Principal(ns, from.Name)]);

    private static V1ObjectMeta Metadata(string name, IDictionary<string, string> labels) => new() { Name = name, Labels = labels };
}
