using YamlDotNet.Serialization;

namespace ReferenceApp.Deploy;

/// <summary>
/// The OpenTelemetry Collector's configuration: OTLP in from the services, batched, and out to the profile's backend
/// (or only to the debug exporter when there is none yet). Built as data and serialized, like everything else.
/// </summary>
public static class CollectorConfiguration
{
    public static string Render(TelemetryProfile telemetry)
    {
        var exporters = new List<string> { "debug" };
        var exporterSettings = new Dictionary<string, object> { ["debug"] = new Dictionary<string, object> { ["verbosity"] = "basic" } };
        if (telemetry.ExportEndpoint is { } endpoint)
        {
            exporters.Add("otlp");
            exporterSettings["otlp"] = new Dictionary<string, object> { ["endpoint"] = endpoint };
        }

        var pipeline = new Dictionary<string, object>
        {
            ["receivers"] = new[] { "otlp" },
            ["processors"] = new[] { "memory_limiter", "batch" },
            ["exporters"] = exporters,
        };
        var config = new Dictionary<string, object>
        {
            ["extensions"] = new Dictionary<string, object>
            {
                ["health_check"] = new Dictionary<string, object> { ["endpoint"] = $"0.0.0.0:{DeploymentModelBuilder.CollectorHealthPort}" },
            },
            ["receivers"] = new Dictionary<string, object>
            {
                ["otlp"] = new Dictionary<string, object>
                {
                    ["protocols"] = new Dictionary<string, object>
                    {
                        ["grpc"] = new Dictionary<string, object> { ["endpoint"] = $"0.0.0.0:{DeploymentModelBuilder.CollectorGrpcPort}" },
                        ["http"] = new Dictionary<string, object> { ["endpoint"] = $"0.0.0.0:{DeploymentModelBuilder.CollectorHttpPort}" },
                    },
                },
            },
            ["processors"] = new Dictionary<string, object>
            {
                ["memory_limiter"] = new Dictionary<string, object> { ["check_interval"] = "1s", ["limit_percentage"] = 80, ["spike_limit_percentage"] = 20 },
                ["batch"] = new Dictionary<string, object>(),
            },
            ["exporters"] = exporterSettings,
            ["service"] = new Dictionary<string, object>
            {
                ["extensions"] = new[] { "health_check" },
                ["pipelines"] = new Dictionary<string, object> { ["traces"] = pipeline, ["metrics"] = pipeline, ["logs"] = pipeline },
            },
        };
        // No anchors: the collector config stays readable and diffable.
        return new SerializerBuilder().DisableAliases().Build().Serialize(config);
    }
}
