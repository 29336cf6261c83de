using Microsoft.Extensions.Configuration;

namespace ReferenceApp.AppHost;

/// <summary>Telemetry settings for local runs only; the manifest (production) keeps the services' defaults.</summary>
public static class LocalTelemetry
{
    /// <summary>Sends every service's OTLP to this endpoint instead of the dashboard (tests run their own receiver).</summary>
    public const string OtlpEndpointSetting = "Telemetry:OtlpEndpoint";

    public static IResourceBuilder<ProjectResource> WithLocalTelemetry(this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return service;
        }

        var otlpEndpoint = builder.Configuration[OtlpEndpointSetting];
        return service.WithEnvironment(context =>
        {
            // Readable console logs locally (the dashboard also receives them structured over OTLP); JSON in production.
            context.EnvironmentVariables["Logging__Console__FormatterName"] = "simple";
            if (!string.IsNullOrEmpty(otlpEndpoint))
            {
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                context.EnvironmentVariables["OTEL_BSP_SCHEDULE_DELAY"] = "500";
                context.EnvironmentVariables["OTEL_BLRP_SCHEDULE_DELAY"] = "500";
            }
        });
    }
}
