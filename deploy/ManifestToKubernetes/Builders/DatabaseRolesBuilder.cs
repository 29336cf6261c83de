using k8s;
using k8s.Models;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// The Job <c>postgres-roles</c>: psql from the server's own PostgreSQL image runs deploy/database/own-database.sql
/// (a ConfigMap) once per service login, as the superuser, so each service's role exists, owns only its database and
/// is the only one that may connect to it. The passwords come from the existing Secrets as environment variables (the
/// superuser's, and each service's own connection string); the ConfigMap holds none. Hardened like every workload,
/// with its own ServiceAccount and a NetworkPolicy whose only egress edge is the server. Argo CD runs it as a Sync
/// hook in wave 1, after PostgreSQL (wave 0) and before the services (wave 2).
/// </summary>
public sealed class DatabaseRolesBuilder(DeploymentModel model, DatabaseRolesJob job)
{
    public const string SqlFile = "own-database.sql";
    public const string SqlMountPath = "/etc/postgres-roles";

    private string Application => model.Profile.Application;

    public IEnumerable<IKubernetesObject<V1ObjectMeta>> Build()
    {
        yield return new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = Metadata(job.Name), AutomountServiceAccountToken = false };
        yield return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = Metadata($"{job.Name}-sql"),
            Data = new SortedDictionary<string, string>(StringComparer.Ordinal) { [SqlFile] = Sql() },
        };
        yield return Job();
    }

    /// <summary>deploy/database/own-database.sql, embedded at build.</summary>
    public static string Sql()
    {
        using var stream = typeof(DatabaseRolesBuilder).Assembly.GetManifestResourceStream(SqlFile)
            ?? throw new InvalidOperationException($"{SqlFile} is not embedded in the generator.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The container's script: wait until the server answers, then one psql run per login; any failure fails the Job.</summary>
    public string Script() =>
        "set -eu\n"
        + "until pg_isready -q -t 5; do echo \"waiting for $PGHOST:$PGPORT\"; sleep 2; done\n"
        + $"for login in {string.Join(' ', job.Logins.Select(l => l.EnvironmentVariable))}; do\n"
        + $"  psql -X -q -v ON_ERROR_STOP=1 -v login=\"$login\" -f {SqlMountPath}/{SqlFile}\n"
        + "done\n";

    private V1Job Job()
    {
        var security = model.Profile.PodSecurity;
        var metadata = Metadata(job.Name);
        metadata.Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            // A hook is created anew at every sync (a Job's template cannot change in place): rotated passwords and new
            // services reach the server on the next sync.
            [SyncWaves.HookAnnotation] = "Sync",
            [SyncWaves.HookDeletePolicyAnnotation] = "BeforeHookCreation",
            [SyncWaves.Annotation] = SyncWaves.DatabaseRoles,
        };
        var env = new List<V1EnvVar>
        {
            Plain("PGHOST", job.Server.Name),
            Plain("PGPORT", job.Server.PrimaryPort.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Plain("PGUSER", job.Superuser),
            Plain("PGDATABASE", "postgres"),
            Plain("PGCONNECT_TIMEOUT", "10"),
            Plain("PGAPPNAME", job.Name),
            FromSecret("PGPASSWORD", job.SuperuserPassword),
        };
        env.AddRange(job.Logins.Select(l => FromSecret(l.EnvironmentVariable, l.Connection)));
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = metadata,
            Spec = new V1JobSpec
            {
                BackoffLimit = 6,
                // Waiting for the server counts: a server that never comes up fails the Job (and the sync) in 10 minutes.
                ActiveDeadlineSeconds = 600,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels.JobLabels(Application, job.Name) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "OnFailure",
                        ServiceAccountName = job.Name,
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = WorkloadBuilder.PodSecurityContext(security),
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "psql",
                                Image = job.Server.Image,
                                ImagePullPolicy = "IfNotPresent",
                                Command = ["sh", "-c", Script()],
                                Env = env,
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = Quantities("50m", "64Mi", "64Mi"),
                                    Limits = Quantities("500m", "128Mi", "128Mi"),
                                },
                                SecurityContext = WorkloadBuilder.ContainerSecurityContext(security),
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = WorkloadBuilder.TmpVolume, MountPath = "/tmp" },
                                    new V1VolumeMount { Name = "sql", MountPath = SqlMountPath, ReadOnlyProperty = true },
                                ],
                            },
                        ],
                        Volumes =
                        [
                            new V1Volume { Name = WorkloadBuilder.TmpVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("16Mi") } },
                            new V1Volume { Name = "sql", ConfigMap = new V1ConfigMapVolumeSource { Name = $"{job.Name}-sql" } },
                        ],
                    },
                },
            },
        };
    }

    private static V1EnvVar Plain(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar FromSecret(string name, SecretKey key) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = key.SecretName, Key = key.Key } } };

    private static Dictionary<string, ResourceQuantity> Quantities(string cpu, string memory, string ephemeralStorage) => new(StringComparer.Ordinal)
    {
        ["cpu"] = new ResourceQuantity(cpu),
        ["ephemeral-storage"] = new ResourceQuantity(ephemeralStorage),
        ["memory"] = new ResourceQuantity(memory),
    };

    private V1ObjectMeta Metadata(string name) => new() { Name = name, Labels = Labels.JobLabels(Application, job.Name) };
}

/// <summary>Argo CD's order of application: PostgreSQL and the other backing workloads, then the roles Job, then the services.</summary>
public static class SyncWaves
{
    public const string Annotation = "argocd.argoproj.io/sync-wave";
    public const string HookAnnotation = "argocd.argoproj.io/hook";
    public const string HookDeletePolicyAnnotation = "argocd.argoproj.io/hook-delete-policy";
    public const string BackingServices = "0";
    public const string DatabaseRoles = "1";
    public const string Services = "2";

    public static string For(Workload workload) => workload.Kind == WorkloadKind.Project ? Services : BackingServices;
}
