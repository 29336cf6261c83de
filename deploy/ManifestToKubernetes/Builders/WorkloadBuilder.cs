using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// Builds, for one workload, the objects a platform team expects: ServiceAccount, ConfigMap, a hardened Deployment or
/// StatefulSet, Service, PodDisruptionBudget and, when autoscaled, a HorizontalPodAutoscaler.
/// </summary>
public sealed class WorkloadBuilder(DeploymentProfile profile)
{
    public const string TmpVolume = "tmp";

    public IEnumerable<IKubernetesObject<V1ObjectMeta>> Build(Workload workload)
    {
        yield return ServiceAccount(workload);
        if (workload.Config.Count > 0)
        {
            yield return ConfigMap(workload.ConfigMapName, workload, workload.Config);
        }

        if (workload.ConfigFiles.Count > 0)
        {
            yield return ConfigMap(FilesConfigMapName(workload), workload, workload.ConfigFiles);
        }

        yield return workload.IsStateful ? StatefulSet(workload) : Deployment(workload);
        yield return Service(workload);
        yield return PodDisruptionBudget(workload);
        if (workload.Settings.Autoscaling is { } autoscaling)
        {
            yield return HorizontalPodAutoscaler(workload, autoscaling);
        }
    }

    public static string FilesConfigMapName(Workload workload) => $"{workload.Name}-files";

    public static Dictionary<string, ResourceQuantity> Quantities(ResourceAmounts amounts) => new(StringComparer.Ordinal)
    {
        ["cpu"] = new ResourceQuantity(amounts.Cpu),
        ["ephemeral-storage"] = new ResourceQuantity(amounts.EphemeralStorage),
        ["memory"] = new ResourceQuantity(amounts.Memory),
    };

    public static V1ResourceRequirements Resources(ResourcesProfile resources) => new()
    {
        Requests = Quantities(resources.Requests),
        Limits = Quantities(resources.Limits),
    };

    /// <summary>The claims; the base names no class (the cluster default), each overlay names its environment's StorageClass.</summary>
    public static List<V1PersistentVolumeClaim> VolumeClaimTemplates(Workload workload, StorageProfile storage, string? storageClass) =>
        workload.PersistentVolumes.Select((_, i) => new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = VolumeName(workload, i) },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                StorageClassName = storageClass,
                Resources = new V1VolumeResourceRequirements
                {
                    Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new(storage.Size) },
                },
            },
        }).ToList();

    private V1ServiceAccount ServiceAccount(Workload workload) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Metadata(workload.Name, workload),
        // No workload talks to the Kubernetes API: no token in the pod at all.
        AutomountServiceAccountToken = false,
    };

    public V1ConfigMap ConfigMap(string name, Workload workload, IReadOnlyDictionary<string, string> data) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = Metadata(name, workload),
        Data = new SortedDictionary<string, string>((IDictionary<string, string>)data, StringComparer.Ordinal),
    };

    private V1Deployment Deployment(Workload workload) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = Ordered(Metadata(workload.Name, workload), workload),
        Spec = new V1DeploymentSpec
        {
            // Under an autoscaler the replica count is the autoscaler's: a fixed value would fight it on every apply.
            Replicas = workload.Settings.Autoscaling is null ? workload.Settings.Replicas : null,
            RevisionHistoryLimit = 5,
            Selector = new V1LabelSelector { MatchLabels = Labels.Selector(profile.Application, workload.Name) },
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 0 },
            },
            Template = PodTemplate(workload),
        },
    };

    private V1StatefulSet StatefulSet(Workload workload) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "StatefulSet",
        Metadata = Ordered(Metadata(workload.Name, workload), workload),
        Spec = new V1StatefulSetSpec
        {
            Replicas = workload.Settings.Replicas,
            ServiceName = workload.Name,
            PodManagementPolicy = "OrderedReady",
            RevisionHistoryLimit = 5,
            Selector = new V1LabelSelector { MatchLabels = Labels.Selector(profile.Application, workload.Name) },
            UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate" },
            // Data outlives the StatefulSet: deleting or scaling it never deletes a volume.
            PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = "Retain", WhenScaled = "Retain" },
            Template = PodTemplate(workload),
            VolumeClaimTemplates = VolumeClaimTemplates(workload, workload.Settings.Storage!, storageClass: null),
        },
    };

    private V1PodTemplateSpec PodTemplate(Workload workload)
    {
        var security = profile.PodSecurity;
        var volumes = new List<V1Volume> { new() { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("64Mi") } } };
        var mounts = new List<V1VolumeMount> { new() { Name = TmpVolume, MountPath = "/tmp" } };
        foreach (var (path, i) in (workload.Settings.WritablePaths ?? []).Select((p, i) => (p, i)))
        {
            volumes.Add(new V1Volume { Name = $"writable-{i}", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("64Mi") } });
            mounts.Add(new V1VolumeMount { Name = $"writable-{i}", MountPath = path });
        }

        if (workload.Settings.SecretFiles is { } secretFiles)
        {
            // Read-only, readable by the pod's group only (fsGroup): the keys never sit in an env var or a ConfigMap.
            volumes.Add(new V1Volume { Name = "secret-files", Secret = new V1SecretVolumeSource { SecretName = secretFiles.SecretName, DefaultMode = 0b100_100_000 } });
            mounts.Add(new V1VolumeMount { Name = "secret-files", MountPath = secretFiles.MountPath, ReadOnlyProperty = true });
        }

        foreach (var (volume, i) in workload.PersistentVolumes.Select((v, i) => (v, i)))
        {
            mounts.Add(new V1VolumeMount { Name = VolumeName(workload, i), MountPath = volume.Target, ReadOnlyProperty = volume.ReadOnly ? true : null });
        }

        if (workload.ConfigFiles.Count > 0)
        {
            volumes.Add(new V1Volume { Name = "files", ConfigMap = new V1ConfigMapVolumeSource { Name = FilesConfigMapName(workload) } });
            mounts.Add(new V1VolumeMount { Name = "files", MountPath = workload.ConfigFilesMountPath, ReadOnlyProperty = true });
        }

        var selector = Labels.Selector(profile.Application, workload.Name);
        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta
            {
                Labels = Labels.Common(profile.Application, workload),
                // A changed setting must roll the pods: envFrom alone is read only at start.
                Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["checksum/config"] = ConfigChecksum(workload) },
            },
            Spec = new V1PodSpec
            {
                ServiceAccountName = workload.Name,
                AutomountServiceAccountToken = false,
                // Service links would inject CACHE_PORT=tcp://... and the like, clashing with the manifest's settings.
                EnableServiceLinks = false,
                TerminationGracePeriodSeconds = 30,
                SecurityContext = PodSecurityContext(security),
                TopologySpreadConstraints =
                [
                    new V1TopologySpreadConstraint
                    {
                        MaxSkew = 1,
                        TopologyKey = "kubernetes.io/hostname",
                        // Prefer spreading; a small dev cluster with one node must still schedule.
                        WhenUnsatisfiable = "ScheduleAnyway",
                        LabelSelector = new V1LabelSelector { MatchLabels = selector },
                    },
                    new V1TopologySpreadConstraint
                    {
                        MaxSkew = 1,
                        TopologyKey = "topology.kubernetes.io/zone",
                        WhenUnsatisfiable = "ScheduleAnyway",
                        LabelSelector = new V1LabelSelector { MatchLabels = selector },
                    },
                ],
                Containers = [Container(workload, mounts)],
                Volumes = volumes,
            },
        };
    }

    private V1Container Container(Workload workload, List<V1VolumeMount> mounts) => new()
    {
        Name = workload.Name,
        Image = workload.Image,
        ImagePullPolicy = "IfNotPresent",
        Command = workload.Command?.ToList(),
        Args = workload.Args?.ToList(),
        Ports = workload.Ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.Port, Protocol = "TCP" }).ToList(),
        EnvFrom = workload.Config.Count == 0 ? null : [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = workload.ConfigMapName } }],
        Env = workload.SecretEnv.Count == 0 ? null : workload.SecretEnv.Select(e => new V1EnvVar
        {
            Name = e.Key,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = e.Value.SecretName, Key = e.Value.Key } },
        }).ToList(),
        Resources = Resources(workload.Settings.Resources!),
        StartupProbe = Probe(workload, ProbeKind.Startup),
        ReadinessProbe = Probe(workload, ProbeKind.Readiness),
        LivenessProbe = Probe(workload, ProbeKind.Liveness),
        SecurityContext = ContainerSecurityContext(profile.PodSecurity),
        VolumeMounts = mounts,
    };

    /// <summary>Every pod: non-root with the profile's high UID/GID, its volumes group-owned, seccomp RuntimeDefault.</summary>
    public static V1PodSecurityContext PodSecurityContext(PodSecurityProfile security) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = security.RunAsUser,
        RunAsGroup = security.RunAsGroup,
        FsGroup = security.FsGroup,
        FsGroupChangePolicy = "OnRootMismatch",
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>Every container: no privilege, no escalation, no capability, a read-only root filesystem.</summary>
    public static V1SecurityContext ContainerSecurityContext(PodSecurityProfile security) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = security.RunAsUser,
        RunAsGroup = security.RunAsGroup,
        AllowPrivilegeEscalation = false,
        Privileged = false,
        ReadOnlyRootFilesystem = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    private enum ProbeKind { Startup, Readiness, Liveness }

    private static V1Probe Probe(Workload workload, ProbeKind kind)
    {
        var probe = kind switch
        {
            // Startup: up to 5 s x 30 = 150 s to start (migrations), then liveness takes over.
            ProbeKind.Startup => new V1Probe { PeriodSeconds = 5, TimeoutSeconds = 3, FailureThreshold = 30, SuccessThreshold = 1 },
            // Readiness: out of rotation after 3 x 10 s of "cannot serve now".
            ProbeKind.Readiness => new V1Probe { PeriodSeconds = 10, TimeoutSeconds = 3, FailureThreshold = 3, SuccessThreshold = 1 },
            // Liveness: restarted only after 6 x 15 s stuck; a slow moment must cost rotation, never a restart.
            _ => new V1Probe { PeriodSeconds = 15, TimeoutSeconds = 5, FailureThreshold = 6, SuccessThreshold = 1 },
        };
        var port = workload.PrimaryPort.Name;
        if (workload.ServesHttpHealth)
        {
            // /health checks dependencies (ready to serve); /alive only the process (restart when stuck).
            var path = kind == ProbeKind.Readiness ? "/health" : "/alive";
            return probe with { HttpGet = new V1HTTPGetAction { Path = path, Port = port, Scheme = "HTTP" } };
        }

        if (workload.Kind == WorkloadKind.Collector)
        {
            // The health_check extension reports whether the pipelines run; the OTLP port answering means the process lives.
            return kind == ProbeKind.Liveness
                ? probe with { TcpSocket = new V1TCPSocketAction { Port = port } }
                : probe with { HttpGet = new V1HTTPGetAction { Path = "/", Port = "health", Scheme = "HTTP" } };
        }

        // A database answers its own readiness command (pg_isready, PING) only when it can serve; while it is busy or
        // loading its data it may not, but its port still accepts connections, which is all liveness asks.
        return kind != ProbeKind.Liveness && workload.Settings.ReadinessCommand is { } command
            ? probe with { Exec = new V1ExecAction { Command = command.ToList() } }
            : probe with { TcpSocket = new V1TCPSocketAction { Port = port } };
    }

    private V1Service Service(Workload workload) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Metadata(workload.Name, workload),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            // A StatefulSet's governing Service is headless: the name resolves to the pod itself.
            ClusterIP = workload.IsStateful ? "None" : null,
            Selector = Labels.Selector(profile.Application, workload.Name),
            Ports = workload.Ports.Select(p => new V1ServicePort
            {
                Name = p.Name,
                Port = p.Port,
                TargetPort = p.Name,
                Protocol = "TCP",
                AppProtocol = p.Scheme == "http" ? "http" : null,
            }).ToList(),
        },
    };

    private V1PodDisruptionBudget PodDisruptionBudget(Workload workload) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Metadata(workload.Name, workload),
        Spec = new V1PodDisruptionBudgetSpec
        {
            // maxUnavailable, not minAvailable: a single-replica StatefulSet must not block node drains forever.
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = Labels.Selector(profile.Application, workload.Name) },
        },
    };

    private V2HorizontalPodAutoscaler HorizontalPodAutoscaler(Workload workload, AutoscalingProfile autoscaling) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = Metadata(workload.Name, workload),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = workload.Name },
            MinReplicas = autoscaling.MinReplicas,
            MaxReplicas = autoscaling.MaxReplicas,
            Metrics = [CpuMetric(autoscaling)],
        },
    };

    public static V2MetricSpec CpuMetric(AutoscalingProfile autoscaling) => new()
    {
        Type = "Resource",
        Resource = new V2ResourceMetricSource
        {
            Name = "cpu",
            Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = autoscaling.TargetCpuUtilizationPercentage },
        },
    };

    private V1ObjectMeta Metadata(string name, Workload workload) => new()
    {
        Name = name,
        Labels = Labels.Common(profile.Application, workload),
    };

    /// <summary>Argo CD's sync wave: backing workloads first, then (the database roles Job) the services.</summary>
    private static V1ObjectMeta Ordered(V1ObjectMeta metadata, Workload workload)
    {
        metadata.Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal) { [SyncWaves.Annotation] = SyncWaves.For(workload) };
        return metadata;
    }

    private static string VolumeName(Workload workload, int index) => workload.PersistentVolumes.Count == 1 ? "data" : $"data-{index}";

    public static string ConfigChecksum(Workload workload)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in workload.Config.Concat(workload.ConfigFiles).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        foreach (var (key, secret) in workload.SecretEnv)
        {
            text.Append(key).Append("=secret:").Append(secret.SecretName).Append('/').Append(secret.Key).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
