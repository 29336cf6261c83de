using System.Globalization;
using System.Text.RegularExpressions;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Validation;

/// <summary>
/// What the manifest must be for the model to translate it: projects serve plain http, containers name a port, ports
/// have Kubernetes names, secrets never travel in arguments, each Secret key has one value, and every canary's
/// router references its tracks. Each message names the resource and the field.
/// </summary>
public static partial class ManifestValidator
{
    public static void Validate(AspireManifest manifest, DeploymentProfile profile)
    {
        foreach (var (canary, parameter, _) in CanaryParameters.Of(manifest, profile).Where(p => profile.Parameters.ContainsKey(p.Parameter)))
        {
            throw new DeploymentInputException(
                $"Profile: parameters.{parameter} feeds {canary.Router}'s {canary.RouterSetting}, which canaries '{canary.Name}' sets; keep only canaryWeight.");
        }

        var resolver = new PlaceholderResolver(manifest, profile, CanaryParameters.Values(manifest, profile));
        var secrets = new Dictionary<SecretKey, string>();
        foreach (var resource in manifest.Resources.Values)
        {
            switch (resource)
            {
                case ProjectResource project:
                    ValidateProject(project);
                    ValidateEnv(project.Name, project.Env, resolver, secrets);
                    ValidateGeneratedEnv(project);
                    ValidateProfileConfig(project, profile, resolver);
                    ValidatePorts(project, project.Bindings, resolver);
                    break;
                case ContainerResource container:
                    if (container.Bindings.Count == 0)
                    {
                        throw new DeploymentInputException($"Resource '{container.Name}': field 'bindings' is empty; a Service needs a port.");
                    }

                    ValidateEnv(container.Name, container.Env, resolver, secrets);
                    ValidateArgs(container, resolver);
                    ValidatePorts(container, container.Bindings, resolver);
                    break;
            }
        }

        ValidateCanaries(manifest, profile, resolver);
    }

    private static void ValidateProject(ProjectResource project)
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
    }

    /// <summary>Two references that need the same Secret key must agree on what it holds.</summary>
    private static void ValidateEnv(string workload, IReadOnlyDictionary<string, string> env, PlaceholderResolver resolver, Dictionary<SecretKey, string> secrets)
    {
        foreach (var (key, template) in env)
        {
            var resolved = resolver.Resolve(template, $"Resource '{workload}': field 'env.{key}'");
            if (SecretReferences.For(workload, key, template, resolved) is not { } secretKey)
            {
                continue;
            }

            if (secrets.TryGetValue(secretKey, out var description) && description != resolved.Text)
            {
                throw new DeploymentInputException(
                    $"Resource '{workload}': field 'env.{key}' needs Secret '{secretKey.SecretName}' key '{secretKey.Key}' to hold " +
                    $"'{resolved.Text}', but another reference needs '{description}'.");
            }

            secrets[secretKey] = resolved.Text;
        }
    }

    private static void ValidateGeneratedEnv(ProjectResource project)
    {
        foreach (var (key, _) in DeploymentModelBuilder.GeneratedEnv(project.Name).Where(g => project.Env.ContainsKey(g.Key)))
        {
            throw new DeploymentInputException(
                $"Resource '{project.Name}': field 'env.{key}' is set by the manifest, but the generator sets it for the in-cluster collector; remove it from the AppHost's publish mode.");
        }
    }

    /// <summary>A profile setting replaces a plain manifest value; replacing a secret one would put it in a ConfigMap.</summary>
    private static void ValidateProfileConfig(ProjectResource project, DeploymentProfile profile, PlaceholderResolver resolver)
    {
        foreach (var key in (profile.Services[project.Name].Config ?? new Dictionary<string, string>()).Keys)
        {
            if (project.Env.TryGetValue(key, out var template)
                && SecretReferences.For(project.Name, key, template, resolver.Resolve(template, $"Resource '{project.Name}': field 'env.{key}'")) is not null)
            {
                throw new DeploymentInputException(
                    $"Profile: services.{project.Name}.config.{key} would replace a secret the manifest sets; secrets come from Secrets, not the profile.");
            }

            if (DeploymentModelBuilder.GeneratedEnv(project.Name).Any(g => g.Key == key))
            {
                throw new DeploymentInputException($"Profile: services.{project.Name}.config.{key} is set by the generator for the in-cluster collector.");
            }
        }
    }

    private static void ValidateArgs(ContainerResource container, PlaceholderResolver resolver)
    {
        for (var i = 0; i < container.Args.Count; i++)
        {
            if (resolver.Resolve(container.Args[i], $"Resource '{container.Name}': field 'args[{i}]'").IsSecret)
            {
                throw new DeploymentInputException(
                    $"Resource '{container.Name}': field 'args[{i}]' carries a secret; arguments are visible in the pod spec, pass it in an env var.");
            }
        }
    }

    private static void ValidatePorts(ManifestResource resource, IReadOnlyDictionary<string, ManifestBinding> bindings, PlaceholderResolver resolver)
    {
        foreach (var binding in DeploymentModelBuilder.PortOrder(bindings))
        {
            if (!PortName().IsMatch(binding.Name))
            {
                throw new DeploymentInputException(
                    $"Resource '{resource.Name}': binding name '{binding.Name}' is not a valid Kubernetes port name (lower case, at most 15 characters).");
            }

            resolver.PortOf(resource, binding);
        }
    }

    private static void ValidateCanaries(AspireManifest manifest, DeploymentProfile profile, PlaceholderResolver resolver)
    {
        foreach (var canary in profile.Canaries)
        {
            var router = (ProjectResource)manifest.Resources[canary.Router];
            var references = router.Env.SelectMany(e => resolver.Resolve(e.Value, $"Resource '{router.Name}': field 'env.{e.Key}'").Endpoints)
                .Select(e => e.Resource).ToHashSet(StringComparer.Ordinal);
            foreach (var track in new[] { canary.Stable, canary.Canary }.Where(t => !references.Contains(t) || t == router.Name))
            {
                throw new DeploymentInputException(
                    $"Profile: canaries '{canary.Name}': router '{canary.Router}' does not reference track '{track}' in the manifest.");
            }

            var weight = canary.CanaryWeight.ToString(CultureInfo.InvariantCulture);
            if (router.Env.TryGetValue(canary.RouterSetting, out var template)
                && resolver.Resolve(template, $"Resource '{router.Name}': field 'env.{canary.RouterSetting}'") is var resolved
                && (SecretReferences.For(router.Name, canary.RouterSetting, template, resolved) is not null || resolved.Text != weight))
            {
                throw new DeploymentInputException(
                    $"Resource '{canary.Router}': field 'env.{canary.RouterSetting}' is set by the manifest to something other than a " +
                    $"parameter; profile canaries '{canary.Name}' sets it. Feed it from a parameter in the AppHost, or drop it there.");
            }
        }
    }

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,13}[a-z0-9])?$")]
    private static partial Regex PortName();
}
