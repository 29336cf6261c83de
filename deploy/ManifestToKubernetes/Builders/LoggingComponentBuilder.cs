using k8s;
using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;
using YamlDotNet.Serialization;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// The opt-in logging component (components/logging), in its own namespace because a node log collector needs
/// hostPath volumes, which Pod Security "restricted" (the application namespaces) refuses:
/// a Fluent Bit DaemonSet tailing every container log of the application's namespaces, parsing our JSON lines (Lua
/// filter: trace and span ids lifted out of the log scopes), adding Kubernetes metadata, writing to Elasticsearch (a
/// data stream under an ILM policy) and to S3-compatible storage, and receiving the collector's OTLP logs; and a Job
/// that installs the ILM policy, the index template and Kibana's saved objects.
/// Fluent Bit over Fluentd: one C binary of a few MB per node, no Ruby runtime or gem plugins to patch, and every
/// plugin needed here (tail, kubernetes, lua, es, s3, opentelemetry) built in.
/// </summary>
public sealed class LoggingComponentBuilder(DeploymentProfile profile, LoggingProfile logging)
{
    public const string Name = "fluent-bit";
    public const string SetupName = "logging-setup";
    public const int OtlpPort = 4318;
    public const int HttpPort = 2020;
    private const string LuaFile = "referenceapp.lua";

    public IEnumerable<IKubernetesObject<V1ObjectMeta>> Build()
    {
        yield return Namespace();
        yield return new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = Meta(Name) };
        yield return new V1ClusterRole
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRole",
            Metadata = Meta($"{profile.Application}-{Name}", namespaced: false),
            // The kubernetes filter reads pod labels and namespace metadata; nothing else.
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["namespaces", "pods"], Verbs = ["get", "list", "watch"] }],
        };
        yield return new V1ClusterRoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRoleBinding",
            Metadata = Meta($"{profile.Application}-{Name}", namespaced: false),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = $"{profile.Application}-{Name}" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Name, NamespaceProperty = logging.Namespace }],
        };
        yield return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = Meta($"{Name}-config"),
            Data = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["fluent-bit.yaml"] = FluentBitConfig(), [LuaFile] = LuaScript() },
        };
        yield return DaemonSet();
        yield return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Meta(Name),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = Selector(Name),
                Ports = [new V1ServicePort { Name = "otlp-http", Port = OtlpPort, TargetPort = "otlp-http", Protocol = "TCP", AppProtocol = "http" }],
            },
        };
        yield return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = Meta(SetupName),
            Data = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["ilm-policy.json"] = LoggingObjects.IlmPolicy(logging),
                ["index-template.json"] = LoggingObjects.IndexTemplate(logging),
                ["kibana-objects.ndjson"] = LoggingObjects.KibanaObjects(logging),
                ["setup.sh"] = SetupScript(),
            },
        };
        yield return SetupJob();
    }

    private V1Namespace Namespace()
    {
        var labels = Labels.Shared(profile.Application);
        // hostPath (the node's container logs) is allowed only at "privileged"; warn at baseline so anything else stands out.
        labels["pod-security.kubernetes.io/enforce"] = "privileged";
        labels["pod-security.kubernetes.io/warn"] = "baseline";
        return new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = logging.Namespace, Labels = labels } };
    }

    private V1DaemonSet DaemonSet() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = Meta(Name),
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = Selector(Name) },
            UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "RollingUpdate" },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = Selector(Name) },
                Spec = new V1PodSpec
                {
                    ServiceAccountName = Name,
                    // Every node, including tainted ones: their pods' logs matter too.
                    Tolerations = [new V1Toleration { OperatorProperty = "Exists" }],
                    SecurityContext = new V1PodSecurityContext { SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                    Containers =
                    [
                        new V1Container
                        {
                            Name = Name,
                            Image = logging.FluentBitImage,
                            ImagePullPolicy = "IfNotPresent",
                            Args = ["--config=/fluent-bit/etc/fluent-bit.yaml"],
                            Ports =
                            [
                                new V1ContainerPort { Name = "otlp-http", ContainerPort = OtlpPort, Protocol = "TCP" },
                                new V1ContainerPort { Name = "http", ContainerPort = HttpPort, Protocol = "TCP" },
                            ],
                            Env =
                            [
                                SecretEnv("ELASTICSEARCH_HOST", "logging-elasticsearch", "host"),
                                SecretEnv("ELASTICSEARCH_PORT", "logging-elasticsearch", "port"),
                                SecretEnv("ELASTICSEARCH_USERNAME", "logging-elasticsearch", "username"),
                                SecretEnv("ELASTICSEARCH_PASSWORD", "logging-elasticsearch", "password"),
                                SecretEnv("S3_BUCKET", "logging-s3", "bucket"),
                                SecretEnv("S3_REGION", "logging-s3", "region"),
                                SecretEnv("S3_ENDPOINT", "logging-s3", "endpoint"),
                                SecretEnv("AWS_ACCESS_KEY_ID", "logging-s3", "access-key-id"),
                                SecretEnv("AWS_SECRET_ACCESS_KEY", "logging-s3", "secret-access-key"),
                            ],
                            Resources = new V1ResourceRequirements
                            {
                                Requests = Quantities("100m", "128Mi"),
                                Limits = Quantities("500m", "256Mi"),
                            },
                            // Ready: the HTTP server answers health (a healthy output retry budget); alive: the process serves HTTP at all.
                            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/api/v1/health", Port = "http", Scheme = "HTTP" }, PeriodSeconds = 10, FailureThreshold = 3, TimeoutSeconds = 3 },
                            LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = "http", Scheme = "HTTP" }, PeriodSeconds = 15, FailureThreshold = 6, TimeoutSeconds = 5 },
                            SecurityContext = new V1SecurityContext
                            {
                                // Root only to read the node's root-owned log files; no capability, no escalation, read-only image.
                                RunAsUser = 0,
                                AllowPrivilegeEscalation = false,
                                Privileged = false,
                                ReadOnlyRootFilesystem = true,
                                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                            },
                            VolumeMounts =
                            [
                                new V1VolumeMount { Name = "config", MountPath = "/fluent-bit/etc", ReadOnlyProperty = true },
                                new V1VolumeMount { Name = "varlog", MountPath = "/var/log", ReadOnlyProperty = true },
                                new V1VolumeMount { Name = "state", MountPath = "/var/lib/fluent-bit" },
                            ],
                        },
                    ],
                    Volumes =
                    [
                        new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = $"{Name}-config" } },
                        new V1Volume { Name = "varlog", HostPath = new V1HostPathVolumeSource { Path = "/var/log", Type = "Directory" } },
                        // Tail offsets survive a restart of the pod: no line read twice or skipped.
                        new V1Volume { Name = "state", HostPath = new V1HostPathVolumeSource { Path = "/var/lib/fluent-bit", Type = "DirectoryOrCreate" } },
                    ],
                },
            },
        },
    };

    private V1Job SetupJob() => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = Meta(SetupName),
        Spec = new V1JobSpec
        {
            BackoffLimit = 6,
            TtlSecondsAfterFinished = 86400,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = Selector(SetupName) },
                Spec = new V1PodSpec
                {
                    RestartPolicy = "OnFailure",
                    AutomountServiceAccountToken = false,
                    SecurityContext = new V1PodSecurityContext
                    {
                        RunAsNonRoot = true,
                        RunAsUser = profile.PodSecurity.RunAsUser,
                        RunAsGroup = profile.PodSecurity.RunAsGroup,
                        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                    },
                    Containers =
                    [
                        new V1Container
                        {
                            Name = SetupName,
                            Image = logging.SetupImage,
                            ImagePullPolicy = "IfNotPresent",
                            Command = ["/bin/sh", "/setup/setup.sh"],
                            Env =
                            [
                                SecretEnv("ELASTICSEARCH_HOST", "logging-elasticsearch", "host"),
                                SecretEnv("ELASTICSEARCH_PORT", "logging-elasticsearch", "port"),
                                SecretEnv("ELASTICSEARCH_USERNAME", "logging-elasticsearch", "username"),
                                SecretEnv("ELASTICSEARCH_PASSWORD", "logging-elasticsearch", "password"),
                                SecretEnv("KIBANA_URL", "logging-kibana", "url"),
                            ],
                            Resources = new V1ResourceRequirements { Requests = Quantities("10m", "16Mi"), Limits = Quantities("100m", "64Mi") },
                            SecurityContext = new V1SecurityContext
                            {
                                AllowPrivilegeEscalation = false,
                                ReadOnlyRootFilesystem = true,
                                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                            },
                            VolumeMounts = [new V1VolumeMount { Name = "setup", MountPath = "/setup", ReadOnlyProperty = true }],
                        },
                    ],
                    Volumes = [new V1Volume { Name = "setup", ConfigMap = new V1ConfigMapVolumeSource { Name = SetupName } }],
                },
            },
        },
    };

    /// <summary>Fluent Bit's YAML configuration.</summary>
    public string FluentBitConfig()
    {
        var namespaces = profile.Environments.Values.Select(e => e.Namespace).Order(StringComparer.Ordinal).ToList();
        var config = new Dictionary<string, object>
        {
            ["service"] = new Dictionary<string, object>
            {
                ["flush"] = 1,
                ["log_level"] = "info",
                ["http_server"] = "on",
                ["http_listen"] = "0.0.0.0",
                ["http_port"] = HttpPort,
                ["health_check"] = "on",
                ["storage.path"] = "/var/lib/fluent-bit/buffer",
            },
            ["pipeline"] = new Dictionary<string, object>
            {
                ["inputs"] = new List<object>
                {
                    new Dictionary<string, object>
                    {
                        ["name"] = "tail",
                        ["tag"] = "kube.*",
                        // Only the application's namespaces: file names are <pod>_<namespace>_<container>-<id>.log.
                        ["path"] = string.Join(",", namespaces.Select(n => $"/var/log/containers/*_{n}_*.log")),
                        ["multiline.parser"] = "cri,docker",
                        ["db"] = "/var/lib/fluent-bit/tail.db",
                        ["mem_buf_limit"] = "50MB",
                        ["skip_long_lines"] = "on",
                        ["storage.type"] = "filesystem",
                    },
                    new Dictionary<string, object>
                    {
                        // The collector's OTLP logs (telemetry.backends.logs): archived only, see the s3 output.
                        ["name"] = "opentelemetry",
                        ["tag"] = "otlp",
                        ["listen"] = "0.0.0.0",
                        ["port"] = OtlpPort,
                    },
                },
                ["filters"] = new List<object>
                {
                    new Dictionary<string, object>
                    {
                        ["name"] = "kubernetes",
                        ["match"] = "kube.*",
                        // Our lines are JSON: merged into the record, the raw "log" string dropped.
                        ["merge_log"] = "on",
                        ["keep_log"] = "off",
                        ["labels"] = "on",
                        ["annotations"] = "off",
                        ["k8s-logging.exclude"] = "on",
                    },
                    new Dictionary<string, object>
                    {
                        ["name"] = "lua",
                        ["match"] = "kube.*",
                        ["script"] = $"/fluent-bit/etc/{LuaFile}",
                        ["call"] = "referenceapp_fields",
                    },
                },
                ["outputs"] = new List<object>
                {
                    new Dictionary<string, object>
                    {
                        ["name"] = "es",
                        ["match"] = "kube.*",
                        ["host"] = "${ELASTICSEARCH_HOST}",
                        ["port"] = "${ELASTICSEARCH_PORT}",
                        ["http_user"] = "${ELASTICSEARCH_USERNAME}",
                        ["http_passwd"] = "${ELASTICSEARCH_PASSWORD}",
                        ["tls"] = "on",
                        ["tls.verify"] = "on",
                        // A data stream: documents are only ever created; ILM rolls its backing indices over.
                        ["index"] = logging.DataStream,
                        ["write_operation"] = "create",
                        ["suppress_type_name"] = "on",
                        ["replace_dots"] = "on",
                        ["retry_limit"] = 10,
                    },
                    new Dictionary<string, object>
                    {
                        ["name"] = "s3",
                        // Both the tailed lines and the collector's OTLP logs go to the archive; Elasticsearch gets the
                        // tailed lines only, so no log line is counted twice in Kibana.
                        ["match_regex"] = "^(kube\\..*|otlp)$",
                        ["bucket"] = "${S3_BUCKET}",
                        ["region"] = "${S3_REGION}",
                        ["endpoint"] = "${S3_ENDPOINT}",
                        ["total_file_size"] = "50M",
                        ["upload_timeout"] = "10m",
                        ["use_put_object"] = "on",
                        ["compression"] = "gzip",
                        ["s3_key_format"] = $"/{profile.Application}/%Y/%m/%d/$TAG/%H%M%S-$UUID.json.gz",
                        ["store_dir"] = "/var/lib/fluent-bit/s3",
                    },
                },
            },
        };
        return new SerializerBuilder().DisableAliases().Build().Serialize(config);
    }

    public static string LuaScript()
    {
        using var stream = typeof(LoggingComponentBuilder).Assembly.GetManifestResourceStream(LuaFile)
            ?? throw new InvalidOperationException($"{LuaFile} is not embedded.");
        return new StreamReader(stream).ReadToEnd();
    }

    private string SetupScript() => $$"""
        #!/bin/sh
        # Installs the ILM policy, the index template (the data stream is created by the first document) and Kibana's
        # saved objects. Idempotent: PUT replaces, the import overwrites; safe to rerun (kubectl delete job and apply).
        set -eu
        es="https://${ELASTICSEARCH_HOST}:${ELASTICSEARCH_PORT}"
        auth="${ELASTICSEARCH_USERNAME}:${ELASTICSEARCH_PASSWORD}"
        curl --fail --silent --show-error -u "$auth" -X PUT "$es/_ilm/policy/{{logging.DataStream}}" -H 'Content-Type: application/json' --data-binary @/setup/ilm-policy.json
        curl --fail --silent --show-error -u "$auth" -X PUT "$es/_index_template/{{logging.DataStream}}" -H 'Content-Type: application/json' --data-binary @/setup/index-template.json
        curl --fail --silent --show-error -u "$auth" -X POST "${KIBANA_URL}/api/saved_objects/_import?overwrite=true" -H 'kbn-xsrf: true' --form file=@/setup/kibana-objects.ndjson

        """;

    private static V1EnvVar SecretEnv(string name, string secret, string key) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } } };

    private static Dictionary<string, ResourceQuantity> Quantities(string cpu, string memory) => new(StringComparer.Ordinal)
    {
        ["cpu"] = new ResourceQuantity(cpu),
        ["memory"] = new ResourceQuantity(memory),
    };

    private SortedDictionary<string, string> Selector(string name) => Labels.Selector(profile.Application, name);

    private V1ObjectMeta Meta(string name, bool namespaced = true)
    {
        var labels = Labels.Shared(profile.Application);
        labels[Labels.Name] = name;
        labels[Labels.Component] = "logging";
        return new V1ObjectMeta { Name = name, NamespaceProperty = namespaced ? logging.Namespace : null, Labels = labels };
    }
}
