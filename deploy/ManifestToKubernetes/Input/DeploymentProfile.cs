using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReferenceApp.Deploy.Input;

/// <summary>
/// The per-service deployment settings the Aspire manifest does not carry (deploy/profile.json, documented in
/// deploy/README.md). Read strictly: an unknown or misspelt key is an error, never a silently ignored setting.
/// </summary>
public sealed record DeploymentProfile
{
    public required string Application { get; init; }
    public required PodSecurityProfile PodSecurity { get; init; }
    public required ImageProfile Images { get; init; }
    /// <summary>The port ASP.NET Core listens on in the images (ASPNETCORE_HTTP_PORTS of the aspnet base image).</summary>
    public required int ProjectHttpPort { get; init; }
    public required IngressProfile Ingress { get; init; }
    public required MonitoringProfile Monitoring { get; init; }
    public required TelemetryProfile Telemetry { get; init; }
    public IReadOnlyList<CanaryProfile> Canaries { get; init; } = [];
    /// <summary>The logging component (components/logging); none without it.</summary>
    public LoggingProfile? Logging { get; init; }
    /// <summary>The Chaos Mesh experiments of components/chaos; none without it.</summary>
    public ChaosProfile? Chaos { get; init; }
    /// <summary>Values of non-secret manifest parameters. Secret parameters may not appear here.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public required IReadOnlyDictionary<string, ServiceProfile> Services { get; init; }
    public required IReadOnlyDictionary<string, EnvironmentProfile> Environments { get; init; }
}

public sealed record PodSecurityProfile
{
    public required long RunAsUser { get; init; }
    public required long RunAsGroup { get; init; }
    public required long FsGroup { get; init; }
}

public sealed record ImageProfile
{
    /// <summary>Registry and path prefix of the images built from deploy/docker/Dockerfile.</summary>
    public required string Registry { get; init; }
    public required string Tag { get; init; }
}

public sealed record IngressProfile
{
    public required string ClassName { get; init; }
    /// <summary>The namespace of the ingress controller, allowed in by the NetworkPolicies of public services.</summary>
    public required string ControllerNamespace { get; init; }
    /// <summary>Optional cert-manager ClusterIssuer; without it the TLS Secrets must exist already.</summary>
    public string? ClusterIssuer { get; init; }
    /// <summary>
    /// Path prefixes never served publicly (health, metrics, admin): where a public service's routed prefix covers
    /// one, its Ingress sends that prefix to the endpoint-less <c>not-public</c> Service instead.
    /// </summary>
    public IReadOnlyList<string> PrivatePaths { get; init; } = [];
}

public sealed record MonitoringProfile
{
    public required string PrometheusNamespace { get; init; }
    public required string ScrapeInterval { get; init; }
    /// <summary>The label the Prometheus operator's serviceMonitorSelector/ruleSelector matches.</summary>
    public IReadOnlyDictionary<string, string> SelectorLabels { get; init; } = new Dictionary<string, string>();
}

public sealed record TelemetryProfile
{
    public required string CollectorImage { get; init; }
    public required ServiceProfile Collector { get; init; }
    /// <summary>Where the collector sends each signal.</summary>
    public required TelemetryBackends Backends { get; init; }
}

public sealed record TelemetryBackends
{
    /// <summary>An OTLP/gRPC trace store (Tempo's distributor, or Jaeger's collector).</summary>
    public required TelemetryBackend Traces { get; init; }
    /// <summary>Prometheus' remote-write URL (/api/v1/write; the receiver must be enabled).</summary>
    public required TelemetryBackend Metrics { get; init; }
    /// <summary>The logging pipeline's OTLP/HTTP input (Fluent Bit's opentelemetry input).</summary>
    public required TelemetryBackend Logs { get; init; }
}

public sealed record TelemetryBackend
{
    /// <summary>URL of the backend; http:// means plain text inside the cluster.</summary>
    public required string Endpoint { get; init; }
    /// <summary>The backend's namespace and port: the collector's egress NetworkPolicy allows exactly these.</summary>
    public required string Namespace { get; init; }
    public required int Port { get; init; }
}

public sealed record CanaryProfile
{
    /// <summary>The name of the canary group: the Istio host and the label value shared by its two tracks.</summary>
    public required string Name { get; init; }
    /// <summary>The service that splits traffic (the gateway).</summary>
    public required string Router { get; init; }
    /// <summary>The track that takes the rest of the traffic (orders-v1).</summary>
    public required string Stable { get; init; }
    /// <summary>The track under test (orders-v2).</summary>
    public required string Canary { get; init; }
    /// <summary>The canary's share in percent, 0 to 100 (10: a 90/10 split).</summary>
    public required int CanaryWeight { get; init; }
    /// <summary>
    /// The router's setting holding the canary's percent (the gateway's Canary__Weight). When the manifest sets it from
    /// a parameter, that parameter takes this weight; otherwise the generator adds the setting to the router's ConfigMap.
    /// </summary>
    public required string RouterSetting { get; init; }
    /// <summary>
    /// The router's further settings when the mesh splits (components/istio-canary): its own analysis and automatic
    /// promotion off, its state under a key of its own. Its track addresses become the canary Service's and its weight 0.
    /// </summary>
    public IReadOnlyDictionary<string, string> MeshRouterSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Track to percent, sorted by track.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Weights() =>
        new[] { KeyValuePair.Create(Stable, 100 - CanaryWeight), KeyValuePair.Create(Canary, CanaryWeight) }
            .OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
}

public sealed record LoggingProfile
{
    /// <summary>The collector's own namespace (Pod Security "privileged": it reads the nodes' log files).</summary>
    public required string Namespace { get; init; }
    public required string FluentBitImage { get; init; }
    /// <summary>The image of the Job that installs the ILM policy, index template and Kibana objects (curl and sh).</summary>
    public required string SetupImage { get; init; }
    /// <summary>The Elasticsearch data stream (and ILM policy and template name).</summary>
    public required string DataStream { get; init; }
    public required RolloverProfile Rollover { get; init; }
    /// <summary>Age (after rollover) at which an index moves to warm, and at which it is deleted, e.g. 7d and 30d.</summary>
    public required string WarmAfter { get; init; }
    public required string DeleteAfter { get; init; }
    /// <summary>The trace view, with {{value}} for the trace id (Grafana's Tempo explore, or Jaeger's /trace/{{value}}).</summary>
    public required string TraceUrlTemplate { get; init; }
}

public sealed record RolloverProfile
{
    public required string MaxPrimaryShardSize { get; init; }
    public required string MaxAge { get; init; }
}

public sealed record ChaosProfile
{
    public required PodKillProfile PodKill { get; init; }
    public required NetworkChaosProfile Network { get; init; }
    public required StressChaosProfile Stress { get; init; }
}

public sealed record PodKillProfile
{
    public required IReadOnlyList<string> Targets { get; init; }
    /// <summary>Cron or @every, as Chaos Mesh's Schedule takes it.</summary>
    public required string Schedule { get; init; }
}

public sealed record NetworkChaosProfile
{
    /// <summary>A workload, or a canary group (both tracks).</summary>
    public required string Source { get; init; }
    public required string Target { get; init; }
    public required string Latency { get; init; }
    public required string Jitter { get; init; }
    public required string LossPercent { get; init; }
    public required string Duration { get; init; }
}

public sealed record StressChaosProfile
{
    public required string Target { get; init; }
    public required int Workers { get; init; }
    /// <summary>Percent of one CPU each worker keeps busy.</summary>
    public required int Load { get; init; }
    public required string Duration { get; init; }
}

public sealed record ServiceProfile
{
    /// <summary>Image repository name under images.registry, for project resources (default: the project file name, lower case).</summary>
    public string? Image { get; init; }
    public int? Replicas { get; init; }
    public ResourcesProfile? Resources { get; init; }
    public AutoscalingProfile? Autoscaling { get; init; }
    public StorageProfile? Storage { get; init; }
    /// <summary>Public host name, only for services with an external binding.</summary>
    public string? IngressHost { get; init; }
    /// <summary>The path prefixes the public Ingress routes to the service (the gateway: /api); required with ingressHost.</summary>
    public IReadOnlyList<string>? IngressPaths { get; init; }
    /// <summary>
    /// Readiness command for containers without an HTTP health endpoint ("can serve now"); default: a TCP check.
    /// Liveness is always a patient TCP check of the port: a busy database leaves rotation, it is not restarted.
    /// </summary>
    public IReadOnlyList<string>? ReadinessCommand { get; init; }
    /// <summary>Marks a PostgreSQL container: its postgresql.conf is computed from its limits and its clients' pools.</summary>
    public PostgresTuningProfile? PostgresTuning { get; init; }
    /// <summary>Paths the process writes to besides /tmp (each gets an emptyDir; the root filesystem is read-only).</summary>
    public IReadOnlyList<string>? WritablePaths { get; init; }
    /// <summary>Files the process reads from a Secret the operator creates (identity's token keys), mounted read-only.</summary>
    public SecretFilesProfile? SecretFiles { get; init; }
    /// <summary>Plain settings the cluster needs whatever the AppHost publishes (Gateway__AdminKeyBreakGlass=false); they win over the manifest's.</summary>
    public IReadOnlyDictionary<string, string>? Config { get; init; }

    /// <summary>The environment's value where it sets one, this (the base) value otherwise.</summary>
    public ServiceProfile OverriddenBy(ServiceProfile? overrides) => overrides is null ? this : this with
    {
        Replicas = overrides.Replicas ?? Replicas,
        Resources = overrides.Resources ?? Resources,
        Autoscaling = overrides.Autoscaling ?? Autoscaling,
        Storage = overrides.Storage ?? Storage,
        IngressHost = overrides.IngressHost ?? IngressHost,
    };
}

public sealed record SecretFilesProfile
{
    public required string SecretName { get; init; }
    public required string MountPath { get; init; }
    /// <summary>Each key of the Secret becomes a file of that name under the mount path.</summary>
    public required IReadOnlyList<string> Keys { get; init; }
    /// <summary>What each file holds and how to make it, for SECRETS.md.</summary>
    public required string Description { get; init; }
}

public sealed record PostgresTuningProfile
{
    /// <summary>The most connections one replica of a client pools (libraries/PostgresDatabase: 40).</summary>
    public required int ClientPoolSize { get; init; }
    /// <summary>Connections kept free for migrations, operators and monitoring.</summary>
    public required int ReservedConnections { get; init; }
}

public sealed record ResourcesProfile
{
    public required ResourceAmounts Requests { get; init; }
    public required ResourceAmounts Limits { get; init; }
}

public sealed record ResourceAmounts
{
    public required string Cpu { get; init; }
    public required string Memory { get; init; }
    public required string EphemeralStorage { get; init; }
}

public sealed record AutoscalingProfile
{
    public required int MinReplicas { get; init; }
    public required int MaxReplicas { get; init; }
    public required int TargetCpuUtilizationPercentage { get; init; }
}

public sealed record StorageProfile
{
    public required string Size { get; init; }
}

/// <summary>The StorageClass an environment's claims use (SSD-backed; expandable; bound where the pod runs).</summary>
public sealed record StorageClassProfile
{
    public required string Name { get; init; }
    /// <summary>The CSI driver, e.g. ebs.csi.aws.com.</summary>
    public required string Provisioner { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    /// <summary>Delete or Retain (prod: a deleted claim must not delete the database's disk).</summary>
    public required string ReclaimPolicy { get; init; }
    /// <summary>Only options the provisioner passes to mount (block-volume CSI drivers do; noatime).</summary>
    public IReadOnlyList<string> MountOptions { get; init; } = [];
}

public sealed record EnvironmentProfile
{
    public required string Namespace { get; init; }
    public required ImageProfile Images { get; init; }
    /// <summary>The policy floor: every Deployment (or its autoscaler) runs at least this many replicas here.</summary>
    public required int MinimumReplicas { get; init; }
    public required StorageClassProfile StorageClass { get; init; }
    /// <summary>Adds the collector's debug exporter (every signal also logged by the collector): for dev only.</summary>
    public bool CollectorDebug { get; init; }
    /// <summary>Per-service overrides of the base settings (replicas, resources, autoscaling, storage, ingress host).</summary>
    public IReadOnlyDictionary<string, ServiceProfile> Services { get; init; } = new Dictionary<string, ServiceProfile>();
}

public static class DeploymentProfileReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
    };

    public static DeploymentProfile ReadFile(string path) => Read(File.ReadAllText(path));

    public static DeploymentProfile Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DeploymentProfile>(json, Options)
                ?? throw new DeploymentInputException("The deployment profile is empty.");
        }
        catch (JsonException e)
        {
            throw new DeploymentInputException($"Deployment profile: {e.Message}");
        }
    }
}
