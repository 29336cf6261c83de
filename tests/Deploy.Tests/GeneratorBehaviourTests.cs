using System.Text.Json.Nodes;
using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>What the issue asks of the generated objects, checked on the objects generated from the committed inputs.</summary>
public class GeneratorBehaviourTests
{
    private static readonly List<IKubernetesObject<V1ObjectMeta>> Objects = RepositoryFiles.Generated.BaseObjects.ToList();

    [Fact]
    public void Service_discovery_variables_become_the_Service_DNS_name_and_port()
    {
        var gateway = TestInputs.Find<V1ConfigMap>(Objects, "gateway-config").Data;

        Assert.Equal("http://orders-v1:8080", gateway["services__orders-v1__http__0"]);
        Assert.Equal("http://payments:8080", gateway["services__payments__http__0"]);
        Assert.Equal("8080", gateway["HTTP_PORTS"]);
        Assert.Equal("http://otel-collector:4317", gateway["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    [Fact]
    public void Connection_strings_and_secret_parameters_become_Secret_references()
    {
        var env = TestInputs.Find<V1Deployment>(Objects, "orders-v1").Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name);
        var postgres = TestInputs.Find<V1StatefulSet>(Objects, "postgres").Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name);

        Assert.Equal(("ordersdb-login-connection", "connectionString"), (env["ConnectionStrings__ordersdb"].ValueFrom.SecretKeyRef.Name, env["ConnectionStrings__ordersdb"].ValueFrom.SecretKeyRef.Key));
        Assert.Equal(("postgres-password", "value"), (postgres["POSTGRES_PASSWORD"].ValueFrom.SecretKeyRef.Name, postgres["POSTGRES_PASSWORD"].ValueFrom.SecretKeyRef.Key));
        Assert.All(env.Values, e => Assert.Null(e.Value));
        Assert.DoesNotContain(Objects, o => o is V1Secret);
    }

    [Fact]
    public void A_secret_parameter_value_never_reaches_the_output()
    {
        const string value = "Do-Not-Leak-4711";
        var output = TestInputs.Generate(manifest =>
            TestInputs.Resource(manifest, "postgres-password")["inputs"]!["value"]!["default"] = new JsonObject { ["value"] = value });

        Assert.DoesNotContain(output.Files.Values, content => content.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public void New_resources_and_parameters_are_handled_without_code_changes()
    {
        var output = TestInputs.Generate(
            manifest =>
            {
                var resources = manifest["resources"]!.AsObject();
                resources["admin-key"] = JsonNode.Parse("""{"type":"parameter.v0","value":"{admin-key.inputs.value}","inputs":{"value":{"type":"string","secret":true}}}""");
                resources["orders-canary-weights"] = JsonNode.Parse("""{"type":"parameter.v0","value":"{orders-canary-weights.inputs.value}","inputs":{"value":{"type":"string"}}}""");
                var gatewayEnv = TestInputs.Resource(manifest, "gateway")["env"]!.AsObject();
                gatewayEnv["Admin__Key"] = "{admin-key.value}";
                gatewayEnv["Canary__Weights"] = "{orders-canary-weights.value}";
                resources["reports"] = JsonNode.Parse("""
                    {"type":"project.v0","path":"../services/Reports/Reports.csproj",
                     "env":{"services__payments__http__0":"{payments.bindings.http.url}"},
                     "bindings":{"http":{"scheme":"http","protocol":"tcp","transport":"http"}}}
                    """);
            },
            profile =>
            {
                profile["parameters"]!["orders-canary-weights"] = "orders-v1=90,orders-v2=10";
                profile["services"]!["reports"] = profile["services"]!["payments"]!.DeepClone();
                profile["services"]!["reports"]!["image"] = "reports";
            });
        var objects = output.BaseObjects;

        var gateway = TestInputs.Find<V1Deployment>(objects, "gateway").Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "Admin__Key");
        Assert.Equal("admin-key", gateway.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("orders-v1=90,orders-v2=10", TestInputs.Find<V1ConfigMap>(objects, "gateway-config").Data["Canary__Weights"]);
        Assert.Equal("registry.example.com/referenceapp/reports:1.0.0", TestInputs.Find<V1Deployment>(objects, "reports").Spec.Template.Spec.Containers[0].Image);
        Assert.Contains(Edges(objects), e => e == ("reports", "payments"));
        Assert.Contains("`admin-key`", output.Files["SECRETS.md"], StringComparison.Ordinal);
    }

    [Fact]
    public void Payments_autoscales_from_2_to_10_at_70_percent_CPU_and_leaves_replicas_to_the_autoscaler()
    {
        var hpa = TestInputs.Find<V2HorizontalPodAutoscaler>(Objects, "payments");

        Assert.Equal((2, 10), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        Assert.Equal(70, hpa.Spec.Metrics.Single().Resource.Target.AverageUtilization);
        Assert.Null(TestInputs.Find<V1Deployment>(Objects, "payments").Spec.Replicas);
        Assert.NotNull(TestInputs.Find<V2HorizontalPodAutoscaler>(Objects, "orders-v1"));
        Assert.Equal(2, TestInputs.Find<V1Deployment>(Objects, "frontend").Spec.Replicas);
    }

    [Fact]
    public void Network_policies_allow_exactly_the_edges_the_AppHost_declares()
    {
        (string, string)[] expected =
        [
            ("frontend", "cache"), ("frontend", "gateway"), ("frontend", "identity"), ("frontend", "otel-collector"),
            ("gateway", "cache"), ("gateway", "identity"), ("gateway", "orders-v1"), ("gateway", "orders-v2"), ("gateway", "otel-collector"), ("gateway", "payments"),
            ("identity", "otel-collector"), ("identity", "postgres"),
            ("orders-v1", "identity"), ("orders-v1", "otel-collector"), ("orders-v1", "payments"), ("orders-v1", "postgres"),
            ("orders-v2", "identity"), ("orders-v2", "otel-collector"), ("orders-v2", "payments"), ("orders-v2", "postgres"),
            ("payments", "identity"), ("payments", "otel-collector"), ("payments", "postgres"),
            // The database roles Job: PostgreSQL and nothing else.
            ("postgres-roles", "postgres"),
        ];

        Assert.Equal(expected.Order(), Edges(Objects).Order());
        var defaultDeny = TestInputs.Find<V1NetworkPolicy>(Objects, "default-deny-all");
        Assert.Equal(["Ingress", "Egress"], defaultDeny.Spec.PolicyTypes);
        Assert.Empty(defaultDeny.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>());
        Assert.Contains(TestInputs.Find<V1NetworkPolicy>(Objects, "allow-dns-egress").Spec.Egress.Single().Ports, p => p.Port.Value == "53" && p.Protocol == "UDP");
    }

    [Fact]
    public void Ingress_edges_mirror_the_egress_edges()
    {
        var ingress = Objects.OfType<V1NetworkPolicy>()
            .SelectMany(p => (p.Spec.Ingress ?? []).SelectMany(r => r.FromProperty ?? [])
                .Where(peer => peer.PodSelector is not null && peer.NamespaceSelector is null)
                .Select(peer => (peer.PodSelector.MatchLabels[Labels.Name], p.Metadata.Name)));

        Assert.Equal(Edges(Objects).Order(), ingress.Order());
    }

    [Fact]
    public void Every_workload_is_hardened_as_the_issue_asks()
    {
        foreach (var pod in new ObjectSet(Objects).Workloads)
        {
            var spec = pod.PodSpec;
            var container = spec.Containers.Single();
            Assert.True(spec.SecurityContext.RunAsUser > 10000 && spec.SecurityContext.RunAsGroup > 10000 && spec.SecurityContext.RunAsNonRoot == true);
            Assert.Equal("RuntimeDefault", spec.SecurityContext.SeccompProfile.Type);
            Assert.False(spec.AutomountServiceAccountToken);
            Assert.False(TestInputs.Find<V1ServiceAccount>(Objects, spec.ServiceAccountName).AutomountServiceAccountToken);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.Contains(spec.Volumes, v => v.Name == "tmp" && v.EmptyDir is not null);
            if (pod.RunsToCompletion)
            {
                // The database roles Job: no probes or spread (nothing serves, one pod), bounded instead.
                Assert.Equal("postgres-roles", pod.Name);
                continue;
            }

            Assert.NotNull(container.StartupProbe);
            Assert.NotEmpty(spec.TopologySpreadConstraints);
            Assert.Contains(Labels.Name, pod.PodLabels!.Keys);
        }

        var payments = TestInputs.Find<V1Deployment>(Objects, "payments");
        Assert.Equal("RollingUpdate", payments.Spec.Strategy.Type);
        Assert.Equal("/health", payments.Spec.Template.Spec.Containers[0].ReadinessProbe.HttpGet.Path);
        Assert.Equal("/alive", payments.Spec.Template.Spec.Containers[0].LivenessProbe.HttpGet.Path);
    }

    [Fact]
    public void Databases_are_StatefulSets_with_a_headless_Service_and_a_claim_template()
    {
        foreach (var name in new[] { "postgres", "cache" })
        {
            var statefulSet = TestInputs.Find<V1StatefulSet>(Objects, name);
            Assert.Equal("None", TestInputs.Find<V1Service>(Objects, name).Spec.ClusterIP);
            Assert.Equal(name, statefulSet.Spec.ServiceName);
            Assert.Null(statefulSet.Spec.VolumeClaimTemplates.Single().Spec.StorageClassName);
            Assert.NotNull(statefulSet.Spec.Template.Spec.Containers[0].ReadinessProbe.Exec);
        }

        Assert.Equal("scram-sha-256", TestInputs.Find<V1ConfigMap>(Objects, "postgres-config").Data["POSTGRES_HOST_AUTH_METHOD"]);
    }

    [Fact]
    public void Public_services_get_an_Ingress_and_every_service_a_ServiceMonitor_every_15_seconds()
    {
        Assert.Equal(["frontend", "gateway", "identity"], Objects.OfType<V1Ingress>().Select(i => i.Metadata.Name).Order());
        var monitors = Objects.OfType<CustomResource>().Where(c => c.Kind == "ServiceMonitor").ToList();
        Assert.Equal(["frontend", "gateway", "identity", "orders-v1", "orders-v2", "payments"], monitors.Select(m => m.Metadata.Name).Order());
        Assert.All(monitors, m => Assert.Equal("15s", ((IReadOnlyDictionary<string, object>)((IEnumerable<object>)m.Spec["endpoints"]).Single())["interval"]));
    }

    [Fact]
    public void The_gateway_ConfigMap_carries_the_canary_weight()
    {
        Assert.Equal("10", TestInputs.Find<V1ConfigMap>(Objects, "gateway-config").Data["Canary__Weight"]);
        Assert.Equal("orders-v2", TestInputs.Find<V1Deployment>(Objects, "orders-v2").Spec.Template.Metadata.Labels["referenceapp/canary-track"]);
    }

    [Fact]
    public void A_canary_weight_parameter_of_the_AppHost_takes_the_profile_weight()
    {
        // The gateway's AppHost wiring: Canary__Weight from the non-secret parameter canary-weight, valued in appsettings.
        var output = TestInputs.Generate(manifest =>
        {
            manifest["resources"]!["canary-weight"] = JsonNode.Parse("""{"type":"parameter.v0","value":"{canary-weight.inputs.value}","inputs":{"value":{"type":"string"}}}""");
            TestInputs.Resource(manifest, "gateway")["env"]!["Canary__Weight"] = "{canary-weight.value}";
        });

        Assert.Equal("10", TestInputs.Find<V1ConfigMap>(output.BaseObjects, "gateway-config").Data["Canary__Weight"]);
        Assert.Equal(RepositoryFiles.Generated.Files["components/istio-canary/httproute-orders.yaml"], output.Files["components/istio-canary/httproute-orders.yaml"]);
    }

    private static IEnumerable<(string From, string To)> Edges(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) => objects.OfType<V1NetworkPolicy>()
        .Where(p => p.Spec.PodSelector.MatchLabels is { Count: > 0 })
        .SelectMany(p => (p.Spec.Egress ?? []).SelectMany(r => r.To ?? [])
            .Where(peer => peer.PodSelector is not null && peer.NamespaceSelector is null)
            .Select(peer => (p.Metadata.Name, peer.PodSelector.MatchLabels[Labels.Name])));
}
