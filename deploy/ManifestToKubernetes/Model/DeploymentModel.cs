using ReferenceApp.Deploy.Input;

namespace ReferenceApp.Deploy.Model;

/// <summary>
/// What to deploy, after the manifest's placeholders are resolved and the profile is applied: the input of every builder.
/// Collections are sorted so that the same input always gives the same bytes.
/// </summary>
public sealed record DeploymentModel(
    DeploymentProfile Profile,
    IReadOnlyList<Workload> Workloads,
    IReadOnlyList<SecretDescription> Secrets,
    IReadOnlyList<CanaryProfile> Canaries)
{
    /// <summary>The Job giving each service's database to its own role, when the manifest declares such logins.</summary>
    public DatabaseRolesJob? DatabaseRoles { get; init; }

    public Workload Get(string name) => Workloads.Single(w => w.Name == name);
}

public enum WorkloadKind
{
    /// <summary>A project.v0 resource: our image, HTTP with /health, /alive and /metrics.</summary>
    Project,
    /// <summary>A container.v0 resource: a ready-made image.</summary>
    Container,
    /// <summary>The OpenTelemetry Collector the generator adds.</summary>
    Collector,
}

public sealed record Workload
{
    public required string Name { get; init; }
    public required WorkloadKind Kind { get; init; }
    /// <summary>The image with its tag, never "latest".</summary>
    public required string Image { get; init; }
    public required IReadOnlyList<WorkloadPort> Ports { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    /// <summary>Plain settings, written to the workload's ConfigMap.</summary>
    public required IReadOnlyDictionary<string, string> Config { get; init; }
    /// <summary>Settings that carry a secret: only a reference to a Secret key is written.</summary>
    public required IReadOnlyDictionary<string, SecretKey> SecretEnv { get; init; }
    /// <summary>Files mounted from a ConfigMap (the collector's configuration).</summary>
    public IReadOnlyDictionary<string, string> ConfigFiles { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    public string? ConfigFilesMountPath { get; init; }
    public required IReadOnlyList<ManifestVolume> PersistentVolumes { get; init; }
    /// <summary>Other workloads this one calls, and on which port: the NetworkPolicy edges.</summary>
    public required IReadOnlyList<Dependency> Dependencies { get; init; }
    /// <summary>The profile settings of the base (environment overrides are applied in the overlays).</summary>
    public required ServiceProfile Settings { get; init; }
    /// <summary>Canary group and track labels, when the workload is one track of a canary.</summary>
    public (string Group, string Track)? Canary { get; init; }

    public bool IsStateful => PersistentVolumes.Count > 0;
    public bool ServesHttpHealth => Kind == WorkloadKind.Project;
    public bool ExposesMetrics => Kind == WorkloadKind.Project;
    public WorkloadPort PrimaryPort => Ports[0];
    public string ConfigMapName => $"{Name}-config";
}

public sealed record WorkloadPort(string Name, int Port, string Scheme, bool External);

public sealed record Dependency(string Workload, string PortName, int Port);

public sealed record SecretKey(string SecretName, string Key);

/// <summary>A Secret the cluster must hold; <see cref="Keys"/> maps each key to a description of its value (secrets shown as &lt;parameter&gt;).</summary>
public sealed record SecretDescription(string Name, IReadOnlyDictionary<string, string> Keys);
