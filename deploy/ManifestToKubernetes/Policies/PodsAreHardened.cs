namespace ReferenceApp.Deploy.Policies;

/// <summary>Pods meet the restricted Pod Security level and more: no host network, PID, IPC or port; own ServiceAccount without token, non-root high UID/GID, seccomp, spread (long-running workloads), read-only root with a writable /tmp, no capabilities, requests and limits.</summary>
public sealed class PodsAreHardened : IPolicyRule
{
    public const string Id = "pods-are-hardened";

    public string Name => Id;

    public IEnumerable<string> Check(ObjectSet set)
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

            // The guide's "host mode" (sharing the node's network) is never used: pods live on the cluster's pod network.
            if (pod.HostNetwork == true || pod.HostPID == true || pod.HostIPC == true
                || workload.Containers.Concat(workload.InitContainers).Any(c => c.Ports?.Any(p => p.HostPort is not null) == true))
            {
                yield return $"{workload.Id}: must not share the node's network, PID or IPC namespace, nor bind a host port.";
            }

            if (!workload.RunsToCompletion && pod.TopologySpreadConstraints is not { Count: > 0 } && pod.Affinity?.PodAntiAffinity is null)
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
}
