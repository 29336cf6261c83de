using System.Text.RegularExpressions;
using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Validation;

/// <summary>
/// Checks the profile against the manifest before anything is generated: every workload has an entry, every entry
/// names a workload, sizes parse as Kubernetes quantities, and settings only appear where they mean something.
/// </summary>
public static partial class ProfileValidator
{
    public static void Validate(DeploymentProfile profile, AspireManifest manifest)
    {
        var workloads = manifest.Resources.Values.Where(r => r is ProjectResource or ContainerResource)
            .ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var name in workloads.Keys)
        {
            RequireName(name, $"Resource '{name}'");
            if (name is ReservedNames.Collector or ReservedNames.SharedObjects or ReservedNames.DatabaseRoles)
            {
                throw new DeploymentInputException($"Resource '{name}': the name is reserved by the generator (the collector, the database roles Job and the namespace-wide objects use it).");
            }

            if (!profile.Services.ContainsKey(name))
            {
                throw new DeploymentInputException($"Profile: services.{name} is missing; every project and container of the manifest needs sizing.");
            }
        }

        foreach (var name in profile.Services.Keys.Where(n => !workloads.ContainsKey(n)))
        {
            throw new DeploymentInputException($"Profile: services.{name} names no project or container of the manifest.");
        }

        if (profile.PodSecurity.RunAsUser <= 10000 || profile.PodSecurity.RunAsGroup <= 10000 || profile.PodSecurity.FsGroup <= 10000)
        {
            throw new DeploymentInputException("Profile: podSecurity runAsUser, runAsGroup and fsGroup must be above 10000.");
        }

        RequireTag(profile.Images.Tag, "Profile: images.tag");
        RequireTag(ImageReference.TagOf(profile.Telemetry.CollectorImage), "Profile: telemetry.collectorImage");
        foreach (var (name, resource) in workloads)
        {
            if (resource is ContainerResource container)
            {
                RequireTag(ImageReference.TagOf(container.Image), $"Resource '{name}': field 'image'");
            }
        }

        foreach (var parameter in profile.Parameters.Keys)
        {
            switch (manifest.Resources.GetValueOrDefault(parameter))
            {
                case ParameterResource { Secret: true }:
                    throw new DeploymentInputException($"Profile: parameters.{parameter} is a secret parameter; its value belongs in a Secret, never in the profile.");
                case ParameterResource:
                    break;
                default:
                    throw new DeploymentInputException($"Profile: parameters.{parameter} names no parameter of the manifest.");
            }
        }

        foreach (var (name, service) in profile.Services)
        {
            ValidateService(name, service, workloads[name], $"Profile: services.{name}");
        }

        ValidateService(ReservedNames.Collector, profile.Telemetry.Collector, null, "Profile: telemetry.collector");
        foreach (var (environment, settings) in profile.Environments)
        {
            RequireName(environment, $"Profile: environments.{environment}");
            RequireName(settings.Namespace, $"Profile: environments.{environment}.namespace");
            RequireTag(settings.Images.Tag, $"Profile: environments.{environment}.images.tag");
            RequireName(settings.StorageClass.Name, $"Profile: environments.{environment}.storageClass.name");
            if (settings.StorageClass.ReclaimPolicy is not ("Delete" or "Retain")
                || (settings.MinimumReplicas > 1 && settings.StorageClass.ReclaimPolicy != "Retain"))
            {
                throw new DeploymentInputException(
                    $"Profile: environments.{environment}.storageClass.reclaimPolicy must be Delete or Retain, and Retain where minimumReplicas is above 1 (production).");
            }
            foreach (var (name, overrides) in settings.Services)
            {
                var path = $"Profile: environments.{environment}.services.{name}";
                var baseline = name == ReservedNames.Collector ? profile.Telemetry.Collector
                    : profile.Services.TryGetValue(name, out var found) ? found
                    : throw new DeploymentInputException($"{path} names no service of the profile.");
                if (overrides.Image is not null || overrides.ReadinessCommand is not null || overrides.IngressPaths is not null || overrides.PostgresTuning is not null || overrides.WritablePaths is not null || overrides.SecretFiles is not null || overrides.Config is not null)
                {
                    throw new DeploymentInputException($"{path}: only replicas, resources, autoscaling, storage and ingressHost can differ per environment.");
                }

                if (baseline.Autoscaling is null && overrides.Autoscaling is not null)
                {
                    throw new DeploymentInputException($"{path}.autoscaling: an environment can change autoscaling bounds, not add an autoscaler; set it in services.{name}.");
                }

                var merged = baseline.OverriddenBy(overrides);
                ValidateService(name, merged, workloads.GetValueOrDefault(name), path);
                var floor = merged.Autoscaling?.MinReplicas ?? merged.Replicas ?? 1;
                var stateful = workloads.GetValueOrDefault(name) is ContainerResource { Volumes.Count: > 0 };
                if (!stateful && floor < settings.MinimumReplicas)
                {
                    throw new DeploymentInputException($"{path}: runs {floor} replica(s), below minimumReplicas {settings.MinimumReplicas} of '{environment}'.");
                }
            }

            var everyService = profile.Services.Append(new(ReservedNames.Collector, profile.Telemetry.Collector));
            foreach (var (name, service) in everyService)
            {
                var merged = service.OverriddenBy(settings.Services.GetValueOrDefault(name));
                var stateful = workloads.GetValueOrDefault(name) is ContainerResource { Volumes.Count: > 0 };
                var floor = merged.Autoscaling?.MinReplicas ?? merged.Replicas ?? 1;
                if (!stateful && floor < settings.MinimumReplicas)
                {
                    throw new DeploymentInputException(
                        $"Profile: environments.{environment}: service '{name}' runs {floor} replica(s), below minimumReplicas {settings.MinimumReplicas}.");
                }
            }
        }

        ValidateCanaries(profile, workloads);
        if (profile.Chaos is { } chaos)
        {
            var known = workloads.Keys.Concat(profile.Canaries.Select(c => c.Name)).ToHashSet(StringComparer.Ordinal);
            foreach (var name in chaos.PodKill.Targets.Append(chaos.Network.Target).Append(chaos.Stress.Target).Where(n => !workloads.ContainsKey(n))
                .Concat(new[] { chaos.Network.Source }.Where(n => !known.Contains(n))))
            {
                throw new DeploymentInputException($"Profile: chaos names '{name}', which is no workload (or canary group) of the manifest.");
            }
        }
        foreach (var (signal, backend) in new[] { ("traces", profile.Telemetry.Backends.Traces), ("metrics", profile.Telemetry.Backends.Metrics), ("logs", profile.Telemetry.Backends.Logs) })
        {
            ValidateBackend(backend, $"Profile: telemetry.backends.{signal}");
        }
    }

    /// <summary>The URL must name a Service of the namespace and the port the egress policy opens, or the policy would block it.</summary>
    private static void ValidateBackend(TelemetryBackend backend, string path)
    {
        RequireName(backend.Namespace, path + ".namespace");
        if (!Uri.TryCreate(backend.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new DeploymentInputException($"{path}.endpoint '{backend.Endpoint}' is not an http(s) URL.");
        }

        var labels = uri.Host.Split('.');
        if (labels.Length < 2 || labels[1] != backend.Namespace || uri.Port != backend.Port)
        {
            throw new DeploymentInputException(
                $"{path}: endpoint '{backend.Endpoint}' must be <service>.{backend.Namespace}[.svc...]:{backend.Port}; the collector may reach only that namespace and port.");
        }
    }

    private static void ValidateService(string name, ServiceProfile service, ManifestResource? resource, string path)
    {
        var stateful = resource is ContainerResource { Volumes.Count: > 0 };
        if (service.Resources is null)
        {
            throw new DeploymentInputException($"{path}.resources is missing; every container needs requests and limits.");
        }

        ValidateAmounts(service.Resources, path + ".resources");
        if (service.Autoscaling is { } autoscaling)
        {
            if (stateful || resource is not ProjectResource)
            {
                throw new DeploymentInputException($"{path}.autoscaling: only project services are autoscaled.");
            }

            if (service.Replicas is not null)
            {
                throw new DeploymentInputException($"{path}.replicas is set with autoscaling; under an autoscaler the replica count is the autoscaler's.");
            }

            if (autoscaling.MinReplicas < 1 || autoscaling.MaxReplicas < autoscaling.MinReplicas
                || autoscaling.TargetCpuUtilizationPercentage is < 1 or > 100)
            {
                throw new DeploymentInputException($"{path}.autoscaling: needs 1 <= minReplicas <= maxReplicas and a CPU target from 1 to 100.");
            }
        }
        else if (service.Replicas is null or < 1)
        {
            throw new DeploymentInputException($"{path}.replicas must be at least 1 (or set autoscaling).");
        }

        if (stateful && service.Replicas != 1)
        {
            throw new DeploymentInputException($"{path}.replicas must be 1: '{name}' is a single-instance StatefulSet.");
        }

        if (stateful != (service.Storage is not null))
        {
            throw new DeploymentInputException(stateful
                ? $"{path}.storage is missing; '{name}' declares volumes."
                : $"{path}.storage is set, but '{name}' declares no volume.");
        }

        if (service.Storage is { } storage)
        {
            RequireQuantity(storage.Size, $"{path}.storage.size");
        }

        var external = resource switch
        {
            ProjectResource p => p.Bindings.Values.Any(b => b.External),
            ContainerResource c => c.Bindings.Values.Any(b => b.External),
            _ => false,
        };
        if (external != (service.IngressHost is not null))
        {
            throw new DeploymentInputException(external
                ? $"{path}.ingressHost is missing; '{name}' has an external binding."
                : $"{path}.ingressHost is set, but '{name}' has no external binding.");
        }

        if (service.IngressHost is { } host && !HostName().IsMatch(host))
        {
            throw new DeploymentInputException($"{path}.ingressHost '{host}' is not a DNS host name.");
        }

        if (service.Image is not null && resource is not ProjectResource)
        {
            throw new DeploymentInputException($"{path}.image is only for projects; a container's image comes from the manifest.");
        }

        if (service.ReadinessCommand is not null && resource is not ContainerResource)
        {
            throw new DeploymentInputException($"{path}.readinessCommand is only for containers; projects are probed on /health and /alive.");
        }

        if (service.SecretFiles is { } files && (!SecretName().IsMatch(files.SecretName) || !files.MountPath.StartsWith('/')
            || files.Keys.Count == 0 || files.Keys.Any(k => !SecretFileKey().IsMatch(k)) || files.MountPath == "/tmp"
            || (service.WritablePaths ?? []).Contains(files.MountPath)))
        {
            throw new DeploymentInputException(
                $"{path}.secretFiles: secretName must be a DNS label, mountPath an absolute path of its own (not /tmp or a writable path), keys one or more file names.");
        }

        if (service.PostgresTuning is { } tuning && (!stateful || tuning.ClientPoolSize < 1 || tuning.ReservedConnections < 3))
        {
            throw new DeploymentInputException($"{path}.postgresTuning: only for a container with a volume, with clientPoolSize at least 1 and reservedConnections at least 3 (PostgreSQL's superuser reserve).");
        }

        if ((service.IngressHost is null) != (service.IngressPaths is null))
        {
            throw new DeploymentInputException($"{path}.ingressPaths must be set exactly when ingressHost is: the public Ingress routes only the prefixes listed.");
        }

        foreach (var prefix in service.IngressPaths ?? [])
        {
            if (!prefix.StartsWith('/'))
            {
                throw new DeploymentInputException($"{path}.ingressPaths: '{prefix}' must start with '/'.");
            }
        }

        foreach (var writable in service.WritablePaths ?? [])
        {
            if (!writable.StartsWith('/') || writable == "/tmp")
            {
                throw new DeploymentInputException($"{path}.writablePaths: '{writable}' must be an absolute path other than /tmp (always writable).");
            }
        }
    }

    private static void ValidateAmounts(ResourcesProfile resources, string path)
    {
        foreach (var (amounts, side) in new[] { (resources.Requests, "requests"), (resources.Limits, "limits") })
        {
            RequireQuantity(amounts.Cpu, $"{path}.{side}.cpu");
            RequireQuantity(amounts.Memory, $"{path}.{side}.memory");
            RequireQuantity(amounts.EphemeralStorage, $"{path}.{side}.ephemeralStorage");
        }

        if (Amount(resources.Requests.Cpu) > Amount(resources.Limits.Cpu)
            || Amount(resources.Requests.Memory) > Amount(resources.Limits.Memory)
            || Amount(resources.Requests.EphemeralStorage) > Amount(resources.Limits.EphemeralStorage))
        {
            throw new DeploymentInputException($"{path}: a request is above its limit.");
        }
    }

    private static void ValidateCanaries(DeploymentProfile profile, Dictionary<string, ManifestResource> workloads)
    {
        foreach (var canary in profile.Canaries)
        {
            var path = $"Profile: canaries '{canary.Name}'";
            RequireName(canary.Name, path);
            if (workloads.ContainsKey(canary.Name) || canary.Name == ReservedNames.Collector)
            {
                throw new DeploymentInputException($"{path}: the name is also a service's; the mesh Service of the canary needs its own name.");
            }

            if (workloads.GetValueOrDefault(canary.Router) is not ProjectResource)
            {
                throw new DeploymentInputException($"{path}: router '{canary.Router}' is not a project of the manifest.");
            }

            if (canary.CanaryWeight is < 0 or > 100 || canary.Stable == canary.Canary)
            {
                throw new DeploymentInputException($"{path}: needs two different tracks and a canaryWeight from 0 to 100.");
            }

            foreach (var track in new[] { canary.Stable, canary.Canary }.Where(t => workloads.GetValueOrDefault(t) is not ProjectResource))
            {
                throw new DeploymentInputException($"{path}: track '{track}' is not a project of the manifest.");
            }
        }
    }

    private static void RequireQuantity(string value, string path)
    {
        try
        {
            _ = Amount(value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new DeploymentInputException($"{path}: '{value}' is not a Kubernetes quantity.");
        }
    }

    private static decimal Amount(string value) => new ResourceQuantity(value).ToDecimal();

    private static void RequireTag(string? tag, string path)
    {
        if (string.IsNullOrEmpty(tag) || tag == "latest")
        {
            throw new DeploymentInputException($"{path}: the image must be pinned to a tag other than 'latest'.");
        }
    }

    private static void RequireName(string name, string path)
    {
        if (!DnsLabel().IsMatch(name))
        {
            throw new DeploymentInputException($"{path}: '{name}' is not a valid Kubernetes name (lower case letters, digits and '-', at most 50 characters).");
        }
    }

    // 50, not 63: the generator appends suffixes such as "-config" and "-connection".
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex HostName();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex SecretFileKey();
}
