using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// Every generated document goes through its KubernetesClient model with strict deserialization and must come back
/// byte for byte: an unknown or misspelt field throws, a value of the wrong type throws or changes the text.
/// </summary>
public class RoundTripTests
{
    public static TheoryData<string> GeneratedDocuments() => new(DocumentPaths());

    private static IEnumerable<string> DocumentPaths() => RepositoryFiles.Generated.Files.Keys
        .Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) && !p.EndsWith("kustomization.yaml", StringComparison.Ordinal));

    public static TheoryData<string> Kustomizations() => new(RepositoryFiles.Generated.Files.Keys
        .Where(p => p.EndsWith("kustomization.yaml", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(GeneratedDocuments))]
    public void Document_round_trips_through_its_typed_model_or_passes_its_CRD_shape_check(string path)
    {
        var yaml = RepositoryFiles.Generated.Files[path];
        var value = KubernetesDocuments.Parse(yaml);

        if (value is CustomResource custom)
        {
            Assert.Empty(CustomResourceShapes.Check(custom));
            return;
        }

        Assert.Equal(Body(yaml), KubernetesYaml.Serialize(value).TrimEnd('\n') + "\n");
    }

    // Patches are partial by design; the objects they patch are checked whole in KustomizeBuildTests.
    public static TheoryData<string> CompleteDocuments() => new(DocumentPaths()
        .Where(p => !p.Contains("/patches/", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(CompleteDocuments))]
    public void Document_has_its_required_fields_and_valid_enumerated_values(string path)
    {
        var value = KubernetesDocuments.Parse(RepositoryFiles.Generated.Files[path]);

        Assert.Empty(SchemaRules.Check(value));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Kustomization_uses_only_known_fields(string path)
    {
        var data = (Dictionary<string, object>)KubernetesDocuments.Normalize(
            new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(RepositoryFiles.Generated.Files[path]))!;

        Assert.Empty(data.Keys.Except(["apiVersion", "kind", "namespace", "resources", "components", "images", "patches"]));
        Assert.Contains(data["kind"], new object[] { "Kustomization", "Component" });
    }

    [Fact]
    public void A_misspelt_field_fails()
    {
        var yaml = RepositoryFiles.Generated.Files["base/payments/deployment-payments.yaml"].Replace("readinessProbe:", "readynessProbe:", StringComparison.Ordinal);

        var error = Assert.ThrowsAny<Exception>(() => KubernetesDocuments.Parse(yaml));
        Assert.Contains("readynessProbe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_fails()
    {
        var yaml = RepositoryFiles.Generated.Files["base/payments/service-payments.yaml"].Replace("  type: ClusterIP", "  type: ClusterIP\n  loadBalancerClassName: x", StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => KubernetesDocuments.Parse(yaml));
    }

    [Fact]
    public void A_value_of_the_wrong_type_fails()
    {
        var yaml = RepositoryFiles.Generated.Files["base/frontend/deployment-frontend.yaml"].Replace("replicas: 2", "replicas: two", StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => KubernetesDocuments.Parse(yaml));
    }

    [Fact]
    public void A_value_the_model_coerces_is_caught_by_the_round_trip()
    {
        var yaml = RepositoryFiles.Generated.Files["base/frontend/deployment-frontend.yaml"].Replace("automountServiceAccountToken: false", "automountServiceAccountToken: \"false\"", StringComparison.Ordinal);

        var value = KubernetesDocuments.Parse(yaml);
        Assert.NotEqual(Body(yaml), KubernetesYaml.Serialize(value).TrimEnd('\n') + "\n");
    }

    [Fact]
    public void Schema_rules_catch_bad_enumerations_and_missing_required_fields()
    {
        var deployment = TestInputs.Find<V1Deployment>(TestInputs.BaseObjects(), "payments");
        deployment.Spec.Template.Spec.Containers[0].ReadinessProbe.HttpGet.Scheme = "http";
        deployment.Spec.Template.Spec.Containers[0].ImagePullPolicy = "Sometimes";
        Assert.Equal(2, SchemaRules.Check(deployment).Count);

        var policy = TestInputs.Find<V1NetworkPolicy>(TestInputs.BaseObjects(), "payments");
        policy.Spec.PolicyTypes = ["ingress"];
        Assert.Single(SchemaRules.Check(policy));

        var service = TestInputs.Find<V1Service>(TestInputs.BaseObjects(), "payments");
        service.Spec.Ports = [];
        service.Spec.Type = "Internal";
        Assert.Equal(2, SchemaRules.Check(service).Count);
    }

    [Fact]
    public void CRD_shape_checks_catch_unknown_fields_and_bad_values()
    {
        var objects = TestInputs.BaseObjects();
        var monitor = objects.OfType<CustomResource>().First(c => c.Kind == "ServiceMonitor");
        var endpoints = (List<object>)monitor.Spec["endpoints"];
        ((Dictionary<string, object>)endpoints[0])["intervall"] = "15s";
        ((Dictionary<string, object>)endpoints[0])["interval"] = "15 seconds";
        Assert.Equal(2, CustomResourceShapes.Check(monitor).Count);

        var rule = objects.OfType<CustomResource>().Single(c => c.Kind == "PrometheusRule");
        ((Dictionary<string, object>)rule.Spec).Remove("groups");
        Assert.NotEmpty(CustomResourceShapes.Check(rule));

        var route = KubernetesDocuments.Parse(RepositoryFiles.Generated.Files["components/istio-canary/httproute-orders.yaml"].Replace("weight: 10", "weight: -10", StringComparison.Ordinal).Replace("kind: Service", "kind: Servce", StringComparison.Ordinal));
        Assert.Equal(2, CustomResourceShapes.Check((CustomResource)route).Count);

        var waypoint = KubernetesDocuments.Parse(RepositoryFiles.Generated.Files["components/istio-canary/gateway-waypoint.yaml"].Replace("protocol: HBONE", "protocol: HBONE\n    hostnme: x", StringComparison.Ordinal));
        Assert.Contains(CustomResourceShapes.Check((CustomResource)waypoint), e => e.Contains("hostnme", StringComparison.Ordinal));
    }

    private static string Body(string yaml) => string.Join('\n', yaml.Split('\n').SkipWhile(l => l.StartsWith('#')));
}
