namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// The mesh overlays' Istio AuthorizationPolicies: valid by Istio 1.29.6's own CRD schema (unknown fields rejected), L4
/// only wherever ztunnel enforces them, and allowing exactly the callers and ports the NetworkPolicies allow, edge for
/// edge, in the overlay as kubectl kustomize builds it (a router's calls to a canary's tracks go through the waypoint).
/// </summary>
public class MeshAuthorizationPolicyTests
{
    /// <summary>Istio names the waypoint's ServiceAccount after its Gateway (class istio-waypoint has no name suffix).</summary>
    private const string WaypointServiceAccount = "waypoint";

    public static TheoryData<string> MeshOverlays() => new("dev-mesh", "prod-mesh");

    private static Dictionary<string, string> Policies(string overlay) => RepositoryFiles.Generated.Files
        .Where(f => f.Key.StartsWith($"overlays/{overlay}/authorizationpolicy-", StringComparison.Ordinal))
        .ToDictionary(f => f.Key[$"overlays/{overlay}/".Length..], f => f.Value);

    private static List<string> Errors(string yaml)
    {
        var resource = (CustomResource)KubernetesDocuments.Parse(yaml);
        return [.. CustomResourceShapes.Istio.Validate(yaml), .. CustomResourceShapes.AuthorizationPolicyRules(resource.Spec, resource.Metadata.Name)];
    }

    [Fact]
    public void The_vendored_schema_is_Istio_s_AuthorizationPolicy()
    {
        Assert.Equal(
            ["security.istio.io/v1/AuthorizationPolicy", "security.istio.io/v1beta1/AuthorizationPolicy"],
            CustomResourceShapes.Istio.Kinds.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MeshOverlays))]
    public void Every_policy_is_valid_by_Istio_s_own_schema_and_L4_only_where_ztunnel_enforces_it(string overlay)
    {
        var policies = Policies(overlay);
        var workloads = RepositoryFiles.Generated.Model.Workloads.Select(w => $"authorizationpolicy-{w.Name}.yaml");

        Assert.Equal(
            workloads.Append("authorizationpolicy-allow-nothing.yaml").Append("authorizationpolicy-waypoint.yaml").Order(StringComparer.Ordinal),
            policies.Keys.Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.Empty(Errors(p.Value)));
        Assert.All(policies.Values, yaml => Assert.DoesNotContain(CustomResourceShapes.L7OperationFields, f => yaml.Contains($" {f}:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Allow_nothing_is_namespace_wide_and_has_no_rules()
    {
        var policy = (CustomResource)KubernetesDocuments.Parse(Policies("prod-mesh")["authorizationpolicy-allow-nothing.yaml"]);

        Assert.Empty(policy.Spec);
    }

    [Theory]
    [InlineData("authorizationpolicy-orders-v1.yaml", "principals:", "principal:", "unknown field 'principal'")]
    [InlineData("authorizationpolicy-orders-v1.yaml", "action: ALLOW", "action: PERMIT", "'PERMIT' is not one of")]
    [InlineData("authorizationpolicy-orders-v1.yaml", "- \"8080\"", "- 8080", "must be of type string")]
    [InlineData("authorizationpolicy-payments.yaml", "    - operation:\n        ports:", "    - operation:\n        paths:\n        - /api/*\n        ports:", "'paths' is L7")]
    [InlineData("authorizationpolicy-payments.yaml", "        principals:", "        requestPrincipals:\n        - issuer/subject\n        principals:", "'requestPrincipals' is L7")]
    [InlineData("authorizationpolicy-waypoint.yaml", "    kind: Gateway", "    kind: 9Gateway", "does not match")]
    [InlineData("authorizationpolicy-waypoint.yaml", "spec:\n", "spec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: orders-v1\n", "only one of targetRefs or selector")]
    [InlineData("authorizationpolicy-waypoint.yaml", "    name: waypoint", "    name: \"\"", "shorter than 1")]
    public void A_broken_policy_is_rejected(string file, string find, string replace, string expected)
    {
        var policy = Policies("prod-mesh")[file];
        var broken = policy.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(policy, broken);

        Assert.Contains(Errors(broken), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MeshOverlays))]
    public void The_policies_allow_exactly_the_NetworkPolicies_callers_and_ports(string overlay)
    {
        var objects = KubernetesDocuments.ParseAll(KustomizeBuildTests.Build(overlay));

        Assert.Empty(EdgeDifferences(objects));
        Assert.Contains(objects.OfType<CustomResource>(), p => p.Kind == "AuthorizationPolicy" && p.Metadata.Name == "allow-nothing");
    }

    [Theory]
    [InlineData("payments", "drop", "missing")]
    [InlineData("postgres", "add", "extra")]
    [InlineData("orders-v2", "gateway", "extra")]
    public void A_missing_or_extra_caller_is_caught(string policy, string change, string expected)
    {
        var objects = KubernetesDocuments.ParseAll(KustomizeBuildTests.Build("prod-mesh"));
        var target = objects.OfType<CustomResource>().Single(o => o.Kind == "AuthorizationPolicy" && o.Metadata.Name == policy);
        var rules = (List<object>)target.Spec["rules"];
        var principals = (List<object>)Source((Dictionary<string, object>)rules.First(r => Source((Dictionary<string, object>)r).ContainsKey("principals")))["principals"];
        switch (change)
        {
            case "drop":
                rules.RemoveAt(0);
                break;
            case "add":
                principals.Add("cluster.local/ns/referenceapp-prod/sa/frontend");
                break;
            default:
                // The router straight to a track, bypassing the waypoint's policy.
                principals[0] = $"cluster.local/ns/referenceapp-prod/sa/{change}";
                break;
        }

        Assert.Contains(EdgeDifferences(objects), d => d.StartsWith(expected, StringComparison.Ordinal));
    }

    private static Dictionary<string, object> Source(Dictionary<string, object> rule) =>
        (Dictionary<string, object>)((Dictionary<string, object>)((List<object>)rule["from"])[0])["source"];

    /// <summary>
    /// Every (workload, caller, port) the NetworkPolicies allow in, against every one the AuthorizationPolicies allow:
    /// a pod peer is the principal of that workload's ServiceAccount, a namespace peer the namespace. Through the mesh a
    /// canary's router calls the canary's Service, served by the waypoint: that edge is router → waypoint (at the
    /// waypoint's policy) and waypoint → track (at the track's).
    /// </summary>
    private static List<string> EdgeDifferences(List<IKubernetesObject<V1ObjectMeta>> objects)
    {
        var ns = objects.OfType<V1NetworkPolicy>().First().Metadata.NamespaceProperty;
        string Principal(string serviceAccount) => $"principal cluster.local/ns/{ns}/sa/{serviceAccount}";
        var accounts = objects.OfType<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template.Spec.ServiceAccountName))
            .Concat(objects.OfType<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template.Spec.ServiceAccountName)))
            .Concat(objects.OfType<V1Job>().Select(j => (j.Metadata.Name, j.Spec.Template.Spec.ServiceAccountName)))
            .ToDictionary(w => w.Name, w => w.ServiceAccountName, StringComparer.Ordinal);
        var canaries = DeploymentProfileReader.Read(RepositoryFiles.ProfileJson).Canaries;
        var trackRouter = canaries.SelectMany(c => new[] { (c.Stable, c.Router), (c.Canary, c.Router) }).ToDictionary(t => t.Item1, t => t.Router, StringComparer.Ordinal);

        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var policy in objects.OfType<V1NetworkPolicy>().Where(p => p.Spec.PodSelector.MatchLabels is { Count: > 0 }))
        {
            var target = policy.Spec.PodSelector.MatchLabels[Labels.Name];
            foreach (var rule in policy.Spec.Ingress ?? [])
            {
                foreach (var peer in rule.FromProperty)
                {
                    var caller = peer.PodSelector?.MatchLabels is { } labels && labels.TryGetValue(Labels.Name, out var name) ? name : null;
                    var source = caller is not null ? Principal(accounts[caller]) : $"namespace {peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]}";
                    foreach (var port in rule.Ports)
                    {
                        if (caller is not null && trackRouter.GetValueOrDefault(target) == caller)
                        {
                            expected.Add($"workload {target} <- {Principal(WaypointServiceAccount)} : {port.Port}");
                            expected.Add($"gateway {CanaryComponentBuilder.WaypointName} <- {Principal(accounts[caller])} : {port.Port}");
                        }
                        else
                        {
                            expected.Add($"workload {target} <- {source} : {port.Port}");
                        }
                    }
                }
            }
        }

        var actual = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var policy in objects.OfType<CustomResource>().Where(o => o.Kind == "AuthorizationPolicy" && o.Spec.Count > 0))
        {
            Assert.Equal("ALLOW", policy.Spec["action"]);
            var target = policy.Spec.GetValueOrDefault("selector") is Dictionary<string, object> selector
                ? $"workload {((Dictionary<string, object>)selector["matchLabels"])[Labels.Name]}"
                : $"gateway {((Dictionary<string, object>)((List<object>)policy.Spec["targetRefs"]).Single())["name"]}";
            foreach (var rule in ((List<object>)policy.Spec["rules"]).Cast<Dictionary<string, object>>())
            {
                var source = Source(rule);
                var sources = ((List<object>?)source.GetValueOrDefault("principals") ?? []).Select(p => $"principal {p}")
                    .Concat(((List<object>?)source.GetValueOrDefault("namespaces") ?? []).Select(n => $"namespace {n}"));
                var ports = ((List<object>)((Dictionary<string, object>)((Dictionary<string, object>)((List<object>)rule["to"]).Single())["operation"])["ports"]).Cast<string>();
                foreach (var (from, port) in sources.SelectMany(s => ports.Select(p => (s, p))))
                {
                    actual.Add($"{target} <- {from} : {port}");
                }
            }
        }

        return [.. expected.Except(actual).Select(e => $"missing {e}"), .. actual.Except(expected).Select(e => $"extra {e}")];
    }
}
