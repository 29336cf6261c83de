using System.Globalization;
using System.Text.RegularExpressions;

namespace ReferenceApp.Deploy;

/// <summary>
/// Turns the manifest's project and container resources into workloads, generically: any number of them, any env
/// vars and parameters; only the profile says how each one is sized and exposed.
/// </summary>
public static partial class DeploymentModelBuilder
{
    public const string CollectorName = "otel-collector";
    public const int CollectorGrpcPort = 4317;
    public const int CollectorHttpPort = 4318;
    public const int CollectorHealthPort = 13133;

    public static DeploymentModel Build(AspireManifest manifest, DeploymentProfile profile)
    {
        ProfileValidator.Validate(profile, manifest);
        var resolver = new PlaceholderResolver(manifest, profile, CanaryParameters(manifest, profile));
        var secrets = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        var workloads = new List<Workload>();
        foreach (var resource in manifest.Resources.Values)
        {
            switch (resource)
            {
                case ProjectResource project:
                    workloads.Add(FromProject(project, profile, resolver, secrets));
                    break;
                case ContainerResource container:
                    workloads.Add(FromContainer(container, profile, resolver, secrets));
                    break;
            }
        }

        workloads = ApplyCanaries(workloads, profile);
        workloads = workloads.Select(w => w.Settings.PostgresTuning is null ? w : w with
        {
            Args = [.. w.Args ?? [], .. PostgresConfigFile.Args],
            ConfigFiles = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [PostgresConfigFile.FileName] = PostgresConfigFile.Render(w, workloads, x => x.Settings),
            },
            ConfigFilesMountPath = PostgresConfigFile.MountPath,
        }).ToList();
        workloads.Add(Collector(profile));
        workloads.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new DeploymentModel(
            profile,
            workloads,
            secrets.Select(s => new SecretDescription(s.Key, s.Value)).ToList(),
            profile.Canaries);
    }

    private static Workload FromProject(ProjectResource project, DeploymentProfile profile, PlaceholderResolver resolver,
        SortedDictionary<string, SortedDictionary<string, string>> secrets)
    {
        if (project.Bindings.Values.FirstOrDefault(b => b.Scheme is not ("http" or "tcp")) is { } binding)
        {
            throw new DeploymentInputException(
                $"Resource '{project.Name}': field 'bindings.{binding.Name}.scheme' is '{binding.Scheme}'; " +
                "projects serve plain http in the cluster (TLS ends at the ingress).");
        }

        if (!project.Bindings.ContainsKey("http"))
        {
            throw new DeploymentInputException($"Resource '{project.Name}': field 'bindings.http' is missing; probes and metrics use it.");
        }

        if (project.Args.Count > 0)
        {
            throw new DeploymentInputException($"Resource '{project.Name}': field 'args' is not supported for projects.");
        }

        var settings = profile.Services[project.Name];
        var (config, secretEnv, dependencies) = TranslateEnv(project.Name, project.Env, resolver, secrets);
        AddGenerated(project.Name, config, secretEnv, "OTEL_EXPORTER_OTLP_ENDPOINT", $"http://{CollectorName}:{CollectorGrpcPort}");
        AddGenerated(project.Name, config, secretEnv, "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        AddGenerated(project.Name, config, secretEnv, "OTEL_SERVICE_NAME", project.Name);
        var imageName = settings.Image ?? Path.GetFileNameWithoutExtension(project.ProjectPath.Replace('\\', '/')).ToLowerInvariant();
        return new Workload
        {
            Name = project.Name,
            Kind = WorkloadKind.Project,
            Image = $"{profile.Images.Registry}/{imageName}:{profile.Images.Tag}",
            Ports = Ports(project, project.Bindings, resolver),
            Config = config,
            SecretEnv = secretEnv,
            PersistentVolumes = [],
            Dependencies = dependencies,
            Settings = settings,
        };
    }

    private static Workload FromContainer(ContainerResource container, DeploymentProfile profile, PlaceholderResolver resolver,
        SortedDictionary<string, SortedDictionary<string, string>> secrets)
    {
        if (container.Bindings.Count == 0)
        {
            throw new DeploymentInputException($"Resource '{container.Name}': field 'bindings' is empty; a Service needs a port.");
        }

        var settings = profile.Services[container.Name];
        var (config, secretEnv, dependencies) = TranslateEnv(container.Name, container.Env, resolver, secrets);
        var args = container.Args.Select((arg, i) =>
        {
            var resolved = resolver.Resolve(arg, $"Resource '{container.Name}': field 'args[{i}]'");
            return resolved.IsSecret
                ? throw new DeploymentInputException(
                    $"Resource '{container.Name}': field 'args[{i}]' carries a secret; arguments are visible in the pod spec, pass it in an env var.")
                : resolved.Text;
        }).ToList();
        return new Workload
        {
            Name = container.Name,
            Kind = WorkloadKind.Container,
            Image = container.Image,
            Ports = Ports(container, container.Bindings, resolver),
            Command = container.Entrypoint is null ? null : [container.Entrypoint],
            Args = args.Count == 0 ? null : args,
            Config = config,
            SecretEnv = secretEnv,
            PersistentVolumes = container.Volumes,
            Dependencies = dependencies,
            Settings = settings,
        };
    }

    private static List<WorkloadPort> Ports(ManifestResource resource, IReadOnlyDictionary<string, ManifestBinding> bindings, PlaceholderResolver resolver)
    {
        var ports = new List<WorkloadPort>();
        // The http binding first: probes, metrics and the Service's first port use it.
        foreach (var binding in bindings.Values.OrderBy(b => b.Name == "http" ? 0 : 1).ThenBy(b => b.Name, StringComparer.Ordinal))
        {
            if (!PortName().IsMatch(binding.Name))
            {
                throw new DeploymentInputException(
                    $"Resource '{resource.Name}': binding name '{binding.Name}' is not a valid Kubernetes port name (lower case, at most 15 characters).");
            }

            ports.Add(new WorkloadPort(binding.Name, resolver.PortOf(resource, binding), binding.Scheme, binding.External));
        }

        return ports;
    }

    private static (SortedDictionary<string, string> Config, SortedDictionary<string, SecretKey> SecretEnv, List<Dependency> Dependencies) TranslateEnv(
        string workload, IReadOnlyDictionary<string, string> env, PlaceholderResolver resolver,
        SortedDictionary<string, SortedDictionary<string, string>> secrets)
    {
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var secretEnv = new SortedDictionary<string, SecretKey>(StringComparer.Ordinal);
        var endpoints = new SortedSet<EndpointReference>();
        foreach (var (key, template) in env)
        {
            var resolved = resolver.Resolve(template, $"Resource '{workload}': field 'env.{key}'");
            endpoints.UnionWith(resolved.Endpoints);
            var whole = WholePlaceholder().Match(template);
            SecretKey? secretKey = null;
            if (whole.Success && whole.Groups[2].Value == "connectionString")
            {
                // A connection string is treated as a secret even when today's has no password in it.
                secretKey = new SecretKey($"{whole.Groups[1].Value}-connection", "connectionString");
            }
            else if (whole.Success && resolved.IsSecret)
            {
                secretKey = new SecretKey(whole.Groups[1].Value, "value");
            }
            else if (resolved.IsSecret)
            {
                secretKey = new SecretKey($"{workload}-env", key);
            }

            if (secretKey is null)
            {
                config.Add(key, resolved.Text);
                continue;
            }

            secretEnv.Add(key, secretKey);
            var keys = secrets.TryGetValue(secretKey.SecretName, out var existing)
                ? existing
                : secrets[secretKey.SecretName] = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (keys.TryGetValue(secretKey.Key, out var description) && description != resolved.Text)
            {
                throw new DeploymentInputException(
                    $"Resource '{workload}': field 'env.{key}' needs Secret '{secretKey.SecretName}' key '{secretKey.Key}' to hold " +
                    $"'{resolved.Text}', but another reference needs '{description}'.");
            }

            keys[secretKey.Key] = resolved.Text;
        }

        var dependencies = endpoints
            .Where(e => e.Resource != workload)
            .Select(e => new Dependency(e.Resource, e.Binding, e.Port))
            .Distinct()
            .ToList();
        return (config, secretEnv, dependencies);
    }

    private static void AddGenerated(string workload, SortedDictionary<string, string> config, SortedDictionary<string, SecretKey> secretEnv, string key, string value)
    {
        if (config.ContainsKey(key) || secretEnv.ContainsKey(key))
        {
            throw new DeploymentInputException(
                $"Resource '{workload}': field 'env.{key}' is set by the manifest, but the generator sets it for the in-cluster collector; remove it from the AppHost's publish mode.");
        }

        config.Add(key, value);
    }

    /// <summary>
    /// A router setting the AppHost feeds from a parameter (Canary__Weight = {canary-weight.value}) takes the profile's
    /// canary weight: one source of truth for the gateway's split and the Istio one.
    /// </summary>
    private static Dictionary<string, string> CanaryParameters(AspireManifest manifest, DeploymentProfile profile)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var canary in profile.Canaries)
        {
            if (manifest.Resources.GetValueOrDefault(canary.Router) is ProjectResource router
                && router.Env.TryGetValue(canary.RouterSetting, out var template)
                && WholePlaceholder().Match(template) is { Success: true } match && match.Groups[2].Value == "value"
                && manifest.Resources.GetValueOrDefault(match.Groups[1].Value) is ParameterResource { Secret: false } parameter)
            {
                if (profile.Parameters.ContainsKey(parameter.Name))
                {
                    throw new DeploymentInputException(
                        $"Profile: parameters.{parameter.Name} feeds {canary.Router}'s {canary.RouterSetting}, which canaries '{canary.Name}' sets; keep only canaryWeight.");
                }

                result[parameter.Name] = canary.CanaryWeight.ToString(CultureInfo.InvariantCulture);
            }
        }

        return result;
    }

    private static List<Workload> ApplyCanaries(List<Workload> workloads, DeploymentProfile profile)
    {
        var byName = workloads.ToDictionary(w => w.Name, StringComparer.Ordinal);
        foreach (var canary in profile.Canaries)
        {
            var router = byName[canary.Router];
            foreach (var track in new[] { canary.Stable, canary.Canary })
            {
                if (!router.Dependencies.Any(d => d.Workload == track))
                {
                    throw new DeploymentInputException(
                        $"Profile: canaries '{canary.Name}': router '{canary.Router}' does not reference track '{track}' in the manifest.");
                }

                byName[track] = byName[track] with { Canary = (canary.Name, track) };
            }

            var weight = canary.CanaryWeight.ToString(CultureInfo.InvariantCulture);
            if (router.SecretEnv.ContainsKey(canary.RouterSetting)
                || (router.Config.TryGetValue(canary.RouterSetting, out var existing) && existing != weight))
            {
                throw new DeploymentInputException(
                    $"Resource '{canary.Router}': field 'env.{canary.RouterSetting}' is set by the manifest to something other than a " +
                    $"parameter; profile canaries '{canary.Name}' sets it. Feed it from a parameter in the AppHost, or drop it there.");
            }

            var config = new SortedDictionary<string, string>((IDictionary<string, string>)router.Config, StringComparer.Ordinal)
            {
                [canary.RouterSetting] = weight,
            };
            byName[canary.Router] = router with { Config = config };
        }

        return byName.Values.ToList();
    }

    private static Workload Collector(DeploymentProfile profile)
    {
        var telemetry = profile.Telemetry;
        return new Workload
        {
            Name = CollectorName,
            Kind = WorkloadKind.Collector,
            Image = telemetry.CollectorImage,
            Ports =
            [
                new WorkloadPort("otlp-grpc", CollectorGrpcPort, "tcp", false),
                new WorkloadPort("otlp-http", CollectorHttpPort, "http", false),
                new WorkloadPort("health", CollectorHealthPort, "http", false),
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

    [GeneratedRegex(@"^\{([A-Za-z0-9_-]+)\.(value|connectionString)\}$")]
    private static partial Regex WholePlaceholder();

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,13}[a-z0-9])?$")]
    private static partial Regex PortName();
}
