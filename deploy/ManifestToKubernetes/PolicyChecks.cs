using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy;

/// <summary>
/// The rules a platform team checks before approving manifests, run on every generation (the generator refuses to
/// write output that breaks one) and by the tests on each built overlay. Each rule has a name and a test that feeds
/// it a broken manifest.
/// </summary>
public static partial class PolicyChecks
{
    public const string SelectorsMatchPods = "selectors-match-pods";
    public const string ServicesTargetPorts = "services-target-named-ports";
    public const string ProbePortsExist = "probe-ports-exist";
    public const string NetworkPoliciesSelectPods = "network-policies-select-pods";
    public const string NoSecretValues = "no-secret-values";
    public const string NoDuplicateEnv = "no-duplicate-env";
    public const string NoLatestTag = "no-latest-tag";
    public const string EveryWorkloadHasPdb = "every-workload-has-pdb";
    public const string PodsAreHardened = "pods-are-hardened";

    public static IReadOnlyDictionary<string, Func<ObjectSet, IEnumerable<string>>> Rules { get; } =
        new SortedDictionary<string, Func<ObjectSet, IEnumerable<string>>>(StringComparer.Ordinal)
        {
            [SelectorsMatchPods] = CheckSelectors,
            [ServicesTargetPorts] = CheckServices,
            [ProbePortsExist] = CheckProbes,
            [NetworkPoliciesSelectPods] = CheckNetworkPolicies,
            [NoSecretValues] = CheckSecretValues,
            [NoDuplicateEnv] = CheckDuplicateEnv,
            [NoLatestTag] = CheckImageTags,
            [EveryWorkloadHasPdb] = CheckPdbs,
            [PodsAreHardened] = CheckHardening,
        };

    public static List<PolicyViolation> RunAll(IReadOnlyList<object> objects)
    {
        var set = new ObjectSet(objects);
        return Rules.SelectMany(rule => rule.Value(set).Select(message => new PolicyViolation(rule.Key, message))).ToList();
    }

    public static List<PolicyViolation> Run(string rule, IReadOnlyList<object> objects) =>
        Rules[rule](new ObjectSet(objects)).Select(message => new PolicyViolation(rule, message)).ToList();

    private static IEnumerable<string> CheckSelectors(ObjectSet set)
    {
        foreach (var workload in set.Workloads)
        {
            if (workload.Selector?.MatchLabels is not { Count: > 0 } || !Selects(workload.Selector, workload.PodLabels))
            {
                yield return $"{workload.Id}: its selector does not match its own pod template labels.";
            }
        }

        foreach (var pdb in set.Of<V1PodDisruptionBudget>().Where(p => !set.Workloads.Any(w => Selects(p.Spec?.Selector, w.PodLabels))))
        {
            yield return $"PodDisruptionBudget/{pdb.Metadata.Name}: its selector matches no pod template.";
        }

        foreach (var hpa in set.Of<V2HorizontalPodAutoscaler>())
        {
            var target = hpa.Spec?.ScaleTargetRef;
            if (target is null || !set.Workloads.Any(w => w.Kind == target.Kind && w.Name == target.Name))
            {
                yield return $"HorizontalPodAutoscaler/{hpa.Metadata.Name}: scaleTargetRef {target?.Kind}/{target?.Name} does not exist.";
            }
        }

        foreach (var monitor in set.Custom("ServiceMonitor"))
        {
            var selector = SelectorFromSpec(monitor, "selector");
            if (selector is null || !set.Of<V1Service>().Any(s => Selects(selector, s.Metadata.Labels)))
            {
                yield return $"ServiceMonitor/{monitor.Metadata.Name}: its selector matches no Service.";
            }
        }
    }

    private static IEnumerable<string> CheckServices(ObjectSet set)
    {
        // The not-public Service has no selector on purpose: Ingress paths routed to it reach no pod.
        foreach (var service in set.Of<V1Service>().Where(s => s.Metadata.Name != IngressBuilder.NotPublicService || s.Spec?.Selector is not null))
        {
            var pods = set.Workloads.Where(w => service.Spec?.Selector is { Count: > 0 } s && Subset(s, w.PodLabels)).ToList();
            if (pods.Count == 0)
            {
                yield return $"Service/{service.Metadata.Name}: its selector matches no pod template.";
                continue;
            }

            foreach (var port in service.Spec!.Ports ?? [])
            {
                if (string.IsNullOrEmpty(port.Name))
                {
                    yield return $"Service/{service.Metadata.Name}: port {port.Port} has no name.";
                }

                if (port.TargetPort?.Value is not { } target || int.TryParse(target, out _))
                {
                    yield return $"Service/{service.Metadata.Name}: port {port.Name} must target a named container port.";
                }
                else if (pods.Any(p => !p.Containers.Any(c => c.Ports?.Any(cp => cp.Name == target) == true)))
                {
                    yield return $"Service/{service.Metadata.Name}: targetPort '{target}' is not a named port of every selected pod.";
                }
            }
        }

        foreach (var monitor in set.Custom("ServiceMonitor"))
        {
            var selector = SelectorFromSpec(monitor, "selector");
            var services = set.Of<V1Service>().Where(s => selector is not null && Selects(selector, s.Metadata.Labels)).ToList();
            foreach (var endpoint in Items(monitor.Spec.GetValueOrDefault("endpoints")))
            {
                var port = endpoint.GetValueOrDefault("port") as string;
                if (!services.Any(s => s.Spec?.Ports?.Any(p => p.Name == port) == true))
                {
                    yield return $"ServiceMonitor/{monitor.Metadata.Name}: endpoint port '{port}' is not a port of a selected Service.";
                }
            }
        }

        foreach (var ingress in set.Of<V1Ingress>())
        {
            foreach (var backend in ingress.Spec?.Rules?.SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Backend?.Service) ?? [])
            {
                var service = set.Of<V1Service>().FirstOrDefault(s => s.Metadata.Name == backend?.Name);
                if (service is null || !(service.Spec?.Ports?.Any(p => p.Name == backend!.Port?.Name || p.Port == backend.Port?.Number) ?? false))
                {
                    yield return $"Ingress/{ingress.Metadata.Name}: backend {backend?.Name}:{backend?.Port?.Name ?? backend?.Port?.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a Service port.";
                }
            }
        }
    }

    private static IEnumerable<string> CheckProbes(ObjectSet set)
    {
        foreach (var workload in set.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                if (container.ReadinessProbe is null || container.LivenessProbe is null || container.StartupProbe is null)
                {
                    yield return $"{workload.Id}: container {container.Name} lacks a readiness, liveness or startup probe.";
                }

                foreach (var (kind, probe) in new[] { ("readiness", container.ReadinessProbe), ("liveness", container.LivenessProbe), ("startup", container.StartupProbe) })
                {
                    var port = probe?.HttpGet?.Port ?? probe?.TcpSocket?.Port;
                    if (port?.Value is { } value && !(container.Ports?.Any(p => p.Name == value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == value) ?? false))
                    {
                        yield return $"{workload.Id}: the {kind} probe of {container.Name} uses port '{value}', which the container does not declare.";
                    }
                }
            }
        }
    }

    private static IEnumerable<string> CheckNetworkPolicies(ObjectSet set)
    {
        foreach (var policy in set.Of<V1NetworkPolicy>())
        {
            var spec = policy.Spec;
            if (spec?.PodSelector is null)
            {
                yield return $"NetworkPolicy/{policy.Metadata.Name}: podSelector is missing.";
                continue;
            }

            var selectsAll = spec.PodSelector.MatchLabels is not { Count: > 0 } && spec.PodSelector.MatchExpressions is not { Count: > 0 };
            if (!selectsAll && !set.Workloads.Any(w => Selects(spec.PodSelector, w.PodLabels)))
            {
                yield return $"NetworkPolicy/{policy.Metadata.Name}: its podSelector matches no pod template.";
            }

            if (spec.PolicyTypes is not { Count: > 0 } || spec.PolicyTypes.Any(t => t is not ("Ingress" or "Egress")))
            {
                yield return $"NetworkPolicy/{policy.Metadata.Name}: policyTypes must list Ingress and/or Egress.";
            }

            var peers = (spec.Ingress ?? []).SelectMany(r => r.FromProperty ?? []).Concat((spec.Egress ?? []).SelectMany(r => r.To ?? []));
            foreach (var peer in peers.Where(p => p.NamespaceSelector is null && p.PodSelector is not null))
            {
                if (!set.Workloads.Any(w => Selects(peer.PodSelector, w.PodLabels)))
                {
                    yield return $"NetworkPolicy/{policy.Metadata.Name}: a peer's podSelector matches no pod template in the namespace.";
                }
            }
        }
    }

    private static IEnumerable<string> CheckSecretValues(ObjectSet set)
    {
        foreach (var configMap in set.Of<V1ConfigMap>())
        {
            foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
            {
                if (LooksSecret(key, value))
                {
                    yield return $"ConfigMap/{configMap.Metadata.Name}: key '{key}' holds what looks like a secret; use a Secret reference.";
                }
            }
        }

        foreach (var workload in set.Workloads)
        {
            foreach (var env in workload.Containers.SelectMany(c => c.Env ?? []).Where(e => e.Value is not null && LooksSecret(e.Name, e.Value)))
            {
                yield return $"{workload.Id}: env '{env.Name}' holds what looks like a secret as a plain value; use a secretKeyRef.";
            }
        }
    }

    private static IEnumerable<string> CheckDuplicateEnv(ObjectSet set)
    {
        foreach (var workload in set.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                var names = (container.Env ?? []).Select(e => e.Name).ToList();
                foreach (var source in container.EnvFrom ?? [])
                {
                    var configMap = set.Of<V1ConfigMap>().FirstOrDefault(c => c.Metadata.Name == source.ConfigMapRef?.Name);
                    names.AddRange((configMap?.Data?.Keys ?? []).Select(k => (source.Prefix ?? "") + k));
                }

                foreach (var duplicate in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    yield return $"{workload.Id}: env '{duplicate.Key}' of container {container.Name} is set more than once.";
                }
            }
        }
    }

    private static IEnumerable<string> CheckImageTags(ObjectSet set)
    {
        foreach (var workload in set.Workloads)
        {
            foreach (var container in workload.Containers.Concat(workload.InitContainers))
            {
                var tag = container.Image is null ? null : ProfileValidator.TagOf(container.Image);
                if (tag is null or "latest" && container.Image?.Contains('@', StringComparison.Ordinal) != true)
                {
                    yield return $"{workload.Id}: image '{container.Image}' of {container.Name} is not pinned to a tag (or is 'latest').";
                }
            }
        }
    }

    private static IEnumerable<string> CheckPdbs(ObjectSet set)
    {
        foreach (var workload in set.Workloads.Where(w => !set.Of<V1PodDisruptionBudget>().Any(p => Selects(p.Spec?.Selector, w.PodLabels))))
        {
            yield return $"{workload.Id}: no PodDisruptionBudget selects its pods.";
        }
    }

    private static IEnumerable<string> CheckHardening(ObjectSet set)
    {
        foreach (var workload in set.Workloads)
        {
            var pod = workload.PodSpec;
            if (pod.AutomountServiceAccountToken != false || string.IsNullOrEmpty(pod.ServiceAccountName))
            {
                yield return $"{workload.Id}: needs its own ServiceAccount and automountServiceAccountToken: false.";
            }

            if (pod.SecurityContext?.RunAsNonRoot != true || pod.SecurityContext.RunAsUser is not > 10000
                || pod.SecurityContext.RunAsGroup is not > 10000 || pod.SecurityContext.SeccompProfile?.Type != "RuntimeDefault")
            {
                yield return $"{workload.Id}: the pod must run as non-root with UID and GID above 10000 and seccomp RuntimeDefault.";
            }

            if (pod.TopologySpreadConstraints is not { Count: > 0 } && pod.Affinity?.PodAntiAffinity is null)
            {
                yield return $"{workload.Id}: needs topology spread constraints or pod anti-affinity across nodes.";
            }

            foreach (var container in workload.Containers)
            {
                var context = container.SecurityContext;
                if (context?.AllowPrivilegeEscalation != false || context.ReadOnlyRootFilesystem != true
                    || context.Capabilities?.Drop?.Contains("ALL") != true || context.Privileged == true)
                {
                    yield return $"{workload.Id}: container {container.Name} must drop ALL capabilities, forbid privilege escalation and mount its root filesystem read-only.";
                }

                foreach (var resource in new[] { "cpu", "memory", "ephemeral-storage" })
                {
                    if (container.Resources?.Requests?.ContainsKey(resource) != true || container.Resources.Limits?.ContainsKey(resource) != true)
                    {
                        yield return $"{workload.Id}: container {container.Name} needs a {resource} request and limit.";
                    }
                }

                if (container.VolumeMounts?.Any(m => m.MountPath == "/tmp") != true)
                {
                    yield return $"{workload.Id}: container {container.Name} needs a writable /tmp (an emptyDir) with its read-only root filesystem.";
                }
            }
        }
    }

    private static bool LooksSecret(string key, string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        return SecretKeyName().IsMatch(key) || SecretInValue().IsMatch(value);
    }

    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        if (selector.MatchLabels is { } matchLabels && !Subset(matchLabels, labels))
        {
            return false;
        }

        return (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && (e.Values?.Contains(v) ?? false),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !(e.Values?.Contains(v) ?? false),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => false,
        });
    }

    private static bool Subset(IDictionary<string, string> required, IDictionary<string, string>? labels) =>
        labels is not null && required.All(r => labels.TryGetValue(r.Key, out var v) && v == r.Value);

    private static V1LabelSelector? SelectorFromSpec(CustomResource resource, string field) =>
        resource.Spec.GetValueOrDefault(field) is IReadOnlyDictionary<string, object> selector
        && selector.GetValueOrDefault("matchLabels") is IReadOnlyDictionary<string, object> labels
            ? new V1LabelSelector { MatchLabels = labels.ToDictionary(l => l.Key, l => l.Value.ToString() ?? "", StringComparer.Ordinal) }
            : null;

    private static IEnumerable<IReadOnlyDictionary<string, object>> Items(object? list) =>
        list is IEnumerable<object> items ? items.OfType<IReadOnlyDictionary<string, object>>() : [];

    // Settings whose name says they are secret: a literal value there is a leak even if it looks harmless.
    [GeneratedRegex("(?i)(password|passwd|secret|token|api[_-]?key|credential|connectionstrings__)")]
    private static partial Regex SecretKeyName();

    // Values that carry credentials whatever their key: Password=... in a connection string, user:pass@ in a URI.
    [GeneratedRegex(@"(?i)((password|pwd)\s*=\s*[^;\s<]|://[^/\s:@]*:[^/\s@<]+@)")]
    private static partial Regex SecretInValue();
}

public sealed record PolicyViolation(string Rule, string Message)
{
    public override string ToString() => $"[{Rule}] {Message}";
}

public sealed class PolicyViolationException(IReadOnlyList<PolicyViolation> violations)
    : Exception("The generated manifests break policy:\n" + string.Join('\n', violations))
{
    public IReadOnlyList<PolicyViolation> Violations { get; } = violations;
}

/// <summary>The objects under check, with the pod-bearing ones unpacked.</summary>
public sealed class ObjectSet(IReadOnlyList<object> objects)
{
    public IReadOnlyList<object> Objects { get; } = objects;

    public IReadOnlyList<PodWorkload> Workloads { get; } = objects.Select(o => o switch
    {
        V1Deployment d => new PodWorkload("Deployment", d.Metadata.Name, d.Spec?.Selector, d.Spec?.Template),
        V1StatefulSet s => new PodWorkload("StatefulSet", s.Metadata.Name, s.Spec?.Selector, s.Spec?.Template),
        _ => null,
    }).OfType<PodWorkload>().ToList();

    public IEnumerable<T> Of<T>() where T : IKubernetesObject<V1ObjectMeta> => Objects.OfType<T>();

    public IEnumerable<CustomResource> Custom(string kind) => Objects.OfType<CustomResource>().Where(c => c.Kind == kind);
}

public sealed record PodWorkload(string Kind, string Name, V1LabelSelector? Selector, V1PodTemplateSpec? Template)
{
    public string Id => $"{Kind}/{Name}";
    public IDictionary<string, string>? PodLabels => Template?.Metadata?.Labels;
    public V1PodSpec PodSpec => Template?.Spec ?? new V1PodSpec();
    public IList<V1Container> Containers => PodSpec.Containers ?? [];
    public IList<V1Container> InitContainers => PodSpec.InitContainers ?? [];
}
