using ReferenceApp.Deploy.Input;

namespace ReferenceApp.Deploy.Model;

/// <summary>The OpenTelemetry Collector the generator adds beside the manifest's workloads: every service exports to it.</summary>
public static class Collector
{
    public const string Name = ReservedNames.Collector;
    public const int GrpcPort = 4317;
    public const int HttpPort = 4318;
    public const int HealthPort = 13133;

    public static Workload Workload(DeploymentProfile profile)
    {
        var telemetry = profile.Telemetry;
        return new Workload
        {
            Name = Name,
            Kind = WorkloadKind.Collector,
            Image = telemetry.CollectorImage,
            Ports =
            [
                new WorkloadPort("otlp-grpc", GrpcPort, "tcp", false),
                new WorkloadPort("otlp-http", HttpPort, "http", false),
                new WorkloadPort("health", HealthPort, "http", false),
            ],
            Args = ["--config=/etc/otelcol/config.yaml"],
            Config = new SortedDictionary<string, string>(StringComparer.Ordinal),
            SecretEnv = new SortedDictionary<string, SecretKey>(StringComparer.Ordinal),
            ConfigFiles = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["config.yaml"] = CollectorConfiguration.Render(telemetry, profile.Application, debug: false) },
            ConfigFilesMountPath = "/etc/otelcol",
            PersistentVolumes = [],
            Dependencies = [],
            Settings = telemetry.Collector,
        };
    }
}
