using ReferenceApp.Deploy.Input;
using YamlDotNet.Serialization;

namespace ReferenceApp.Deploy.Model;

/// <summary>
/// The OpenTelemetry Collector's configuration: OTLP in from the services, batched, and out to the profile's backends:
/// traces over OTLP/gRPC (Tempo or Jaeger), metrics by Prometheus remote write, logs over OTLP/HTTP to the logging
/// pipeline. The debug exporter is added only where the environment asks (dev). Every component used is in the core
/// collector distribution (otel/opentelemetry-collector). Built as data and serialized, like everything else.
/// </summary>
public static class CollectorConfiguration
{
    public static string Render(TelemetryProfile telemetry, string application, bool debug)
    {
        var backends = telemetry.Backends;
        var exporters = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["otlp/traces"] = new Dictionary<string, object> { ["endpoint"] = backends.Traces.Endpoint, ["tls"] = Tls(backends.Traces) },
            ["prometheusremotewrite"] = new Dictionary<string, object> { ["endpoint"] = backends.Metrics.Endpoint, ["tls"] = Tls(backends.Metrics) },
            ["otlphttp/logs"] = new Dictionary<string, object> { ["endpoint"] = backends.Logs.Endpoint, ["tls"] = Tls(backends.Logs) },
        };
        if (debug)
        {
            exporters["debug"] = new Dictionary<string, object> { ["verbosity"] = "basic" };
        }

        object Pipeline(string exporter, params string[] extraProcessors) => new Dictionary<string, object>
        {
            ["receivers"] = new[] { "otlp" },
            ["processors"] = new[] { "memory_limiter" }.Concat(extraProcessors).Append("batch").ToList(),
            ["exporters"] = debug ? new List<string> { exporter, "debug" } : [exporter],
        };

        var config = new Dictionary<string, object>
        {
            ["extensions"] = new Dictionary<string, object>
            {
                ["health_check"] = new Dictionary<string, object> { ["endpoint"] = $"0.0.0.0:{Collector.HealthPort}" },
            },
            ["receivers"] = new Dictionary<string, object>
            {
                ["otlp"] = new Dictionary<string, object>
                {
                    ["protocols"] = new Dictionary<string, object>
                    {
                        ["grpc"] = new Dictionary<string, object> { ["endpoint"] = $"0.0.0.0:{Collector.GrpcPort}" },
                        ["http"] = new Dictionary<string, object> { ["endpoint"] = $"0.0.0.0:{Collector.HttpPort}" },
                    },
                },
            },
            ["processors"] = new Dictionary<string, object>
            {
                ["memory_limiter"] = new Dictionary<string, object> { ["check_interval"] = "1s", ["limit_percentage"] = 80, ["spike_limit_percentage"] = 20 },
                // Prometheus also scrapes every service's /metrics (job="<service>", what alerts and dashboards read).
                // The pushed copy gets job="<application>-otlp/<service>" so that no query counts a request twice.
                ["resource/metrics"] = new Dictionary<string, object>
                {
                    ["attributes"] = new List<object>
                    {
                        new Dictionary<string, object> { ["key"] = "service.namespace", ["value"] = $"{application}-otlp", ["action"] = "upsert" },
                    },
                },
                ["batch"] = new Dictionary<string, object>(),
            },
            ["exporters"] = exporters,
            ["service"] = new Dictionary<string, object>
            {
                ["extensions"] = new[] { "health_check" },
                ["pipelines"] = new Dictionary<string, object>
                {
                    ["traces"] = Pipeline("otlp/traces"),
                    ["metrics"] = Pipeline("prometheusremotewrite", "resource/metrics"),
                    ["logs"] = Pipeline("otlphttp/logs"),
                },
            },
        };
        // No anchors: the collector config stays readable and diffable.
        return new SerializerBuilder().DisableAliases().Build().Serialize(config);
    }

    /// <summary>Plain text for an http:// backend inside the cluster (NetworkPolicy-fenced); TLS for https://.</summary>
    private static Dictionary<string, object> Tls(TelemetryBackend backend) =>
        new() { ["insecure"] = backend.Endpoint.StartsWith("http://", StringComparison.Ordinal) };
}
