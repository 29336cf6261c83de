using k8s;
using k8s.Models;
using ReferenceApp.Deploy.Builders;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;
using ReferenceApp.Deploy.Output;
using ReferenceApp.Deploy.Policies;
using ReferenceApp.Deploy.Validation;

namespace ReferenceApp.Deploy;

/// <summary>
/// The whole pipeline, one stage per folder: input (manifest, profile) -> validation -> model -> builders (objects) ->
/// policies (every rule over the base and over each overlay as the cluster would receive it) -> output (files). Pure:
/// it returns the files (relative path to content) so that the CLI writes them and the golden test compares them.
/// </summary>
public static class KustomizeGenerator
{
    public const string CanaryComponent = "components/istio-canary";
    public const string ChaosComponent = "components/chaos";
    public const string LoggingComponent = "components/logging";
    /// <summary>The base folder of the objects that belong to the namespace rather than one workload.</summary>
    public const string SharedGroup = ReservedNames.SharedObjects;

    public static GeneratorOutput Generate(AspireManifest manifest, DeploymentProfile profile)
    {
        ProfileValidator.Validate(profile, manifest);
        ManifestValidator.Validate(manifest, profile);
        var model = DeploymentModelBuilder.Build(manifest, profile);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var baseObjects = new BaseBuilder(model).Build();
        var baseSet = baseObjects.Select(o => o.Value).ToList();
        var checkedSets = new List<(string Name, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects)> { ("base", baseSet) };

        foreach (var (group, value) in baseObjects)
        {
            files.Add($"base/{group}/{Kustomization.FileName(value)}", YamlDocuments.Serialize(value));
        }

        files.Add("base/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
        {
            Resources = files.Keys.Select(path => path["base/".Length..]).ToList(),
        }));

        var environments = profile.Environments.Keys.Order(StringComparer.Ordinal).ToList();
        var overlays = new OverlayBuilder(model);
        var environmentSets = new Dictionary<string, List<IKubernetesObject<V1ObjectMeta>>>(StringComparer.Ordinal);
        foreach (var environment in environments)
        {
            var (kustomization, ns, patches) = overlays.Build(environment);
            var storageClass = OverlayBuilder.StorageClass(profile.Application, profile.Environments[environment].StorageClass);
            files.Add($"overlays/{environment}/kustomization.yaml", YamlDocuments.Serialize(kustomization));
            files.Add($"overlays/{environment}/namespace.yaml", YamlDocuments.Serialize(ns));
            files.Add($"overlays/{environment}/storageclass.yaml", YamlDocuments.Serialize(storageClass));
            foreach (var patch in patches)
            {
                files.Add($"overlays/{environment}/{Kustomization.PatchPath(patch)}", YamlDocuments.Serialize(patch));
            }

            environmentSets[environment] = [.. PatchedObjects.Apply(baseSet, patches), ns, storageClass];
            checkedSets.Add(($"overlays/{environment}", environmentSets[environment]));
        }

        if (model.Canaries.Count > 0)
        {
            var canaries = new CanaryComponentBuilder(model);
            var componentObjects = canaries.Build().Concat(new MeshNetworkPolicyBuilder(profile).Build()).ToList();
            var componentFiles = componentObjects.ToDictionary(Kustomization.FileName, YamlDocuments.Serialize, StringComparer.Ordinal);
            foreach (var (name, content) in componentFiles)
            {
                files.Add($"{CanaryComponent}/{name}", content);
            }

            var routerPatches = canaries.RouterPatches().ToList();
            foreach (var patch in routerPatches)
            {
                files.Add($"{CanaryComponent}/{Kustomization.PatchPath(patch)}", YamlDocuments.Serialize(patch));
            }

            files.Add($"{CanaryComponent}/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
            {
                IsComponent = true,
                Resources = componentFiles.Keys.Order(StringComparer.Ordinal).ToList(),
                Patches = routerPatches.Select(Kustomization.PatchPath).Order(StringComparer.Ordinal).ToList(),
            }));
            // A buildable example of the component in use: each environment routed by the mesh.
            foreach (var environment in environments)
            {
                // The AuthorizationPolicies name principals, which carry the namespace: one set per environment.
                var authorization = new AuthorizationPolicyBuilder(model).Build(profile.Environments[environment].Namespace)
                    .Select(p => p.ToCustomResource()).ToList();
                var authorizationFiles = authorization.ToDictionary(Kustomization.FileName, YamlDocuments.Serialize, StringComparer.Ordinal);
                var (kustomization, namespacePatch) = overlays.MeshOverlay(environment, CanaryComponent, authorizationFiles.Keys.Order(StringComparer.Ordinal).ToList());
                files.Add($"overlays/{environment}-mesh/kustomization.yaml", YamlDocuments.Serialize(kustomization));
                files.Add($"overlays/{environment}-mesh/{Kustomization.PatchPath(namespacePatch)}", YamlDocuments.Serialize(namespacePatch));
                foreach (var (name, content) in authorizationFiles)
                {
                    files.Add($"overlays/{environment}-mesh/{name}", content);
                }

                checkedSets.Add(($"overlays/{environment}-mesh", PatchedObjects.Apply([.. environmentSets[environment], .. componentObjects, .. authorization], [.. routerPatches, namespacePatch])));
            }
        }

        if (profile.Logging is { } logging)
        {
            // The node agent runs in its own namespace, as root with hostPath by design: the application's rules do
            // not apply to it (LoggingComponentTests checks what does), so the logging overlays add nothing to check.
            var loggingFiles = new LoggingComponentBuilder(profile, logging).Build()
                .ToDictionary(Kustomization.FileName, YamlDocuments.Serialize, StringComparer.Ordinal);
            foreach (var (name, content) in loggingFiles)
            {
                files.Add($"{LoggingComponent}/{name}", content);
            }

            files.Add($"{LoggingComponent}/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
            {
                IsComponent = true,
                Resources = loggingFiles.Keys.Order(StringComparer.Ordinal).ToList(),
            }));
            foreach (var environment in environments)
            {
                // No namespace here: the component's objects keep their own (logging), the environment's keep theirs.
                files.Add($"overlays/{environment}-logging/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
                {
                    Resources = [$"../{environment}"],
                    Components = [$"../../{LoggingComponent}"],
                }));
            }
        }

        if (profile.Chaos is { } chaos)
        {
            var chaosObjects = new ChaosComponentBuilder(model, chaos).Build().ToList();
            var chaosFiles = chaosObjects.ToDictionary(Kustomization.FileName, YamlDocuments.Serialize, StringComparer.Ordinal);
            foreach (var (name, content) in chaosFiles)
            {
                files.Add($"{ChaosComponent}/{name}", content);
            }

            files.Add($"{ChaosComponent}/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
            {
                IsComponent = true,
                Resources = chaosFiles.Keys.Order(StringComparer.Ordinal).ToList(),
            }));
            foreach (var environment in environments)
            {
                files.Add($"overlays/{environment}-chaos/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
                {
                    Namespace = profile.Environments[environment].Namespace,
                    Resources = [$"../{environment}"],
                    Components = [$"../../{ChaosComponent}"],
                }));
                checkedSets.Add(($"overlays/{environment}-chaos", [.. environmentSets[environment], .. chaosObjects]));
            }
        }

        var violations = checkedSets.SelectMany(set => PolicyChecks.RunAll(set.Objects).Select(v => v with { Message = $"{set.Name}: {v.Message}" })).ToList();
        if (violations.Count > 0)
        {
            throw new PolicyViolationException(violations);
        }

        files.Add("SECRETS.md", SecretsDocument.Render(model, manifest));
        return new GeneratorOutput(files, baseSet, model);
    }
}

public sealed record GeneratorOutput(IReadOnlyDictionary<string, string> Files, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> BaseObjects, DeploymentModel Model);
