using System.Globalization;
using ReferenceApp.Deploy.Input;

namespace ReferenceApp.Deploy.Model;

/// <summary>
/// Turns the manifest's project and container resources into workloads, generically: any number of them, any env
/// vars and parameters; only the profile says how each one is sized and exposed. Its input has passed the validation
/// stage (<c>Validation.InputValidator</c>), so it only translates.
/// </summary>
public static class DeploymentModelBuilder
{
    public static DeploymentModel Build(AspireManifest manifest, DeploymentProfile profile)
    {
        var resolver = new PlaceholderResolver(manifest, profile, CanaryParameters.Values(manifest, profile));
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
        workloads.Add(Collector.Workload(profile));
        foreach (var files in workloads.Select(w => w.Settings.SecretFiles).OfType<SecretFilesProfile>())
        {
            secrets[files.SecretName] = new SortedDictionary<string, string>(files.Keys.ToDictionary(k => k, _ => $"<file: {files.Description}>"), StringComparer.Ordinal);
        }

        workloads.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new DeploymentModel(
            profile,
            workloads,
            secrets.Select(s => new SecretDescription(s.Key, s.Value)).ToList(),
            profile.Canaries)
        {
            DatabaseRoles = DatabaseRolesJob.Find(manifest, workloads),
        };
    }

    private static Workload FromProject(ProjectResource project, DeploymentProfile profile, PlaceholderResolver resolver,
        SortedDictionary<string, SortedDictionary<string, string>> secrets)
    {
        var settings = profile.Services[project.Name];
        var (config, secretEnv, dependencies) = TranslateEnv(project.Name, project.Env, resolver, secrets);
        foreach (var (key, value) in GeneratedEnv(project.Name))
        {
            config.Add(key, value);
        }

        foreach (var (key, value) in settings.Config ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

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

    /// <summary>The settings the generator sets on every project for the in-cluster collector.</summary>
    public static IReadOnlyList<(string Key, string Value)> GeneratedEnv(string project) =>
    [
        ("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://{Collector.Name}:{Collector.GrpcPort}"),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
        ("OTEL_SERVICE_NAME", project),
    ];

    private static Workload FromContainer(ContainerResource container, DeploymentProfile profile, PlaceholderResolver resolver,
        SortedDictionary<string, SortedDictionary<string, string>> secrets)
    {
        var settings = profile.Services[container.Name];
        var (config, secretEnv, dependencies) = TranslateEnv(container.Name, container.Env, resolver, secrets);
        var args = container.Args.Select((arg, i) => resolver.Resolve(arg, $"Resource '{container.Name}': field 'args[{i}]'").Text).ToList();
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

    /// <summary>The http binding first: probes, metrics and the Service's first port use it.</summary>
    public static IEnumerable<ManifestBinding> PortOrder(IReadOnlyDictionary<string, ManifestBinding> bindings) =>
        bindings.Values.OrderBy(b => b.Name == "http" ? 0 : 1).ThenBy(b => b.Name, StringComparer.Ordinal);

    private static List<WorkloadPort> Ports(ManifestResource resource, IReadOnlyDictionary<string, ManifestBinding> bindings, PlaceholderResolver resolver) =>
        PortOrder(bindings).Select(b => new WorkloadPort(b.Name, resolver.PortOf(resource, b), b.Scheme, b.External)).ToList();

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
            if (SecretReferences.For(workload, key, template, resolved) is not { } secretKey)
            {
                config.Add(key, resolved.Text);
                continue;
            }

            secretEnv.Add(key, secretKey);
            var keys = secrets.TryGetValue(secretKey.SecretName, out var existing)
                ? existing
                : secrets[secretKey.SecretName] = new SortedDictionary<string, string>(StringComparer.Ordinal);
            keys[secretKey.Key] = resolved.Text;
        }

        var dependencies = endpoints
            .Where(e => e.Resource != workload)
            .Select(e => new Dependency(e.Resource, e.Binding, e.Port))
            .Distinct()
            .ToList();
        return (config, secretEnv, dependencies);
    }

    private static List<Workload> ApplyCanaries(List<Workload> workloads, DeploymentProfile profile)
    {
        var byName = workloads.ToDictionary(w => w.Name, StringComparer.Ordinal);
        foreach (var canary in profile.Canaries)
        {
            var router = byName[canary.Router];
            foreach (var track in new[] { canary.Stable, canary.Canary })
            {
                byName[track] = byName[track] with { Canary = (canary.Name, track) };
            }

            var config = new SortedDictionary<string, string>((IDictionary<string, string>)router.Config, StringComparer.Ordinal)
            {
                [canary.RouterSetting] = canary.CanaryWeight.ToString(CultureInfo.InvariantCulture),
            };
            byName[canary.Router] = router with { Config = config };
        }

        return byName.Values.ToList();
    }
}
