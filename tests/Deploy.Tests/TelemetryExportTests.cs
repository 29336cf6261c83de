using k8s.Models;
using YamlDotNet.Serialization;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// The collector forwards every signal to a real backend named in the profile (traces to Tempo over OTLP, metrics to
/// Prometheus by remote write, logs to the logging pipeline over OTLP/HTTP); the debug exporter only in dev.
/// </summary>
public class TelemetryExportTests
{
    private static readonly List<IKubernetesObject<V1ObjectMeta>> Objects = RepositoryFiles.Generated.BaseObjects.ToList();

    [Fact]
    public void Every_pipeline_exports_to_its_backend_from_the_profile_and_not_to_debug()
    {
        var config = Config(TestInputs.Find<V1ConfigMap>(Objects, "otel-collector-files").Data["config.yaml"]);
        var profile = DeploymentProfileReader.Read(RepositoryFiles.ProfileJson).Telemetry.Backends;

        Assert.Equal(["otlp/traces"], Exporters(config, "traces"));
        Assert.Equal(["prometheusremotewrite"], Exporters(config, "metrics"));
        Assert.Equal(["otlphttp/logs"], Exporters(config, "logs"));
        var exporters = Map(config, "exporters");
        Assert.Equal(profile.Traces.Endpoint, Map(exporters, "otlp/traces")["endpoint"]);
        Assert.Equal(profile.Metrics.Endpoint, Map(exporters, "prometheusremotewrite")["endpoint"]);
        Assert.Equal(profile.Logs.Endpoint, Map(exporters, "otlphttp/logs")["endpoint"]);
        Assert.False(exporters.ContainsKey("debug"));
    }

    [Fact]
    public void Dev_adds_the_debug_exporter_and_rolls_the_collector_with_it()
    {
        var dev = RepositoryFiles.Generated.Files["overlays/dev/patches/configmap-otel-collector-files.yaml"];
        var config = Config(((V1ConfigMap)KubernetesDocuments.Parse(dev)).Data["config.yaml"]);
        var devDeployment = (V1Deployment)KubernetesDocuments.Parse(RepositoryFiles.Generated.Files["overlays/dev/patches/deployment-otel-collector.yaml"]);
        var baseDeployment = TestInputs.Find<V1Deployment>(Objects, "otel-collector");

        Assert.All(new[] { "traces", "metrics", "logs" }, signal => Assert.Contains("debug", Exporters(config, signal)));
        Assert.NotEqual(baseDeployment.Spec.Template.Metadata.Annotations["checksum/config"], devDeployment.Spec.Template.Metadata.Annotations["checksum/config"]);
        Assert.DoesNotContain("overlays/prod/patches/configmap-otel-collector-files.yaml", RepositoryFiles.Generated.Files.Keys);
    }

    [Fact]
    public void The_collector_may_reach_each_backend_and_nothing_else_outside_the_namespace()
    {
        var egress = TestInputs.Find<V1NetworkPolicy>(Objects, "otel-collector").Spec.Egress
            .Where(r => r.To.Any(p => p.NamespaceSelector is not null))
            .Select(r => (r.To.Single().NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"], r.Ports.Single().Port.Value))
            .Order().ToList();

        Assert.Equal([("logging", "4318"), ("monitoring", "9090"), ("observability", "4317")], egress);
    }

    [Fact]
    public void A_backend_endpoint_outside_its_namespace_is_refused()
    {
        var error = TestInputs.GenerationError(changeProfile: p => p["telemetry"]!["backends"]!["traces"]!["namespace"] = "elsewhere");

        Assert.Contains("telemetry.backends.traces", error, StringComparison.Ordinal);
    }

    private static Dictionary<string, object> Config(string yaml) =>
        (Dictionary<string, object>)KubernetesDocuments.Normalize(new DeserializerBuilder().Build().Deserialize<object>(yaml))!;

    private static Dictionary<string, object> Map(Dictionary<string, object> map, string key) => (Dictionary<string, object>)map[key];

    private static List<string> Exporters(Dictionary<string, object> config, string signal) =>
        ((List<object>)Map(Map(Map(config, "service"), "pipelines"), signal)["exporters"]).Cast<string>().Order(StringComparer.Ordinal).ToList();
}
