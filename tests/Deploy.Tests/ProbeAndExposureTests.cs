using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// Readiness says "take me out of rotation", liveness "restart me": a busy database must fail the first long before
/// the second. And only the storefront and the public API reach the internet.
/// </summary>
public class ProbeAndExposureTests
{
    private static readonly List<IKubernetesObject<V1ObjectMeta>> Objects = RepositoryFiles.Generated.BaseObjects.ToList();

    public static TheoryData<string> StatefulWorkloadsAndTheCollector() => new("postgres", "cache", "otel-collector");

    [Theory]
    [MemberData(nameof(StatefulWorkloadsAndTheCollector))]
    public void Readiness_and_liveness_probes_differ_and_liveness_is_the_more_patient(string workload)
    {
        var container = Container(workload);

        Assert.NotEqual(Handler(container.ReadinessProbe), Handler(container.LivenessProbe));
        Assert.True(Patience(container.LivenessProbe) > Patience(container.ReadinessProbe),
            $"{workload}: liveness gives up after {Patience(container.LivenessProbe)} s, readiness after {Patience(container.ReadinessProbe)} s");
    }

    [Fact]
    public void Databases_leave_rotation_on_their_own_check_and_restart_only_when_the_port_is_dead()
    {
        var postgres = Container("postgres");

        Assert.Equal("pg_isready", postgres.ReadinessProbe.Exec.Command[0]);
        Assert.Equal("tcp", postgres.LivenessProbe.TcpSocket.Port.Value);
    }

    [Theory]
    [InlineData("frontend", "/metrics")]
    [InlineData("frontend", "/health")]
    [InlineData("frontend", "/alive")]
    [InlineData("gateway", "/metrics")]
    [InlineData("gateway", "/health")]
    [InlineData("gateway", "/alive")]
    [InlineData("gateway", "/admin/canary")]
    [InlineData("gateway", "/admin/canary/weight")]
    [InlineData("gateway", "/")]
    public void Infrastructure_and_admin_paths_are_not_public(string ingress, string path)
    {
        var backend = IngressRouting.Resolve(TestInputs.Find<V1Ingress>(Objects, ingress), path);

        Assert.True(backend is null || !Objects.OfType<V1Deployment>().Any(d => d.Metadata.Name == backend),
            $"{ingress}{path} reaches workload '{backend}'");
    }

    [Theory]
    [InlineData("frontend", "/", "frontend")]
    [InlineData("frontend", "/cart", "frontend")]
    [InlineData("frontend", "/orders/42", "frontend")]
    [InlineData("frontend", "/_framework/blazor.web.js", "frontend")]
    [InlineData("gateway", "/api/orders", "gateway")]
    [InlineData("gateway", "/api/products/coffee", "gateway")]
    public void The_storefront_and_the_public_API_are_routed(string ingress, string path, string expected)
    {
        Assert.Equal(expected, IngressRouting.Resolve(TestInputs.Find<V1Ingress>(Objects, ingress), path));
    }

    [Fact]
    public void The_routing_check_can_fail_a_catch_all_ingress()
    {
        var ingress = TestInputs.Find<V1Ingress>(TestInputs.BaseObjects(), "gateway");
        ingress.Spec.Rules[0].Http.Paths = [new V1HTTPIngressPath { Path = "/", PathType = "Prefix", Backend = ingress.Spec.Rules[0].Http.Paths[0].Backend }];

        Assert.Equal("gateway", IngressRouting.Resolve(ingress, "/admin/canary/weight"));
    }

    [Fact]
    public void A_public_service_without_ingress_paths_is_refused()
    {
        var error = TestInputs.GenerationError(changeProfile: p => p["services"]!["gateway"]!.AsObject().Remove("ingressPaths"));

        Assert.Contains("services.gateway.ingressPaths", error, StringComparison.Ordinal);
    }

    private static V1Container Container(string workload) =>
        Objects.OfType<V1StatefulSet>().Where(s => s.Metadata.Name == workload).Select(s => s.Spec.Template)
            .Concat(Objects.OfType<V1Deployment>().Where(d => d.Metadata.Name == workload).Select(d => d.Spec.Template))
            .Single().Spec.Containers.Single();

    private static string Handler(V1Probe probe) => k8s.KubernetesJson.Serialize(probe with
    {
        PeriodSeconds = null, TimeoutSeconds = null, FailureThreshold = null, SuccessThreshold = null, InitialDelaySeconds = null,
    });

    private static int Patience(V1Probe probe) => (probe.PeriodSeconds ?? 10) * (probe.FailureThreshold ?? 3);
}
