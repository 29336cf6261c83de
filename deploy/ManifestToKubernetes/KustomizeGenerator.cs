using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy;

/// <summary>
/// The whole pipeline: manifest + profile -> model -> objects -> policy checks -> files. Pure: it returns the files
/// (relative path to content) so that the CLI writes them and the golden test compares them.
/// </summary>
public static class KustomizeGenerator
{
    public const string CanaryComponent = "components/istio-canary";
    public const string ChaosComponent = "components/chaos";
    public const string LoggingComponent = "components/logging";
    /// <summary>The base folder of the objects that belong to the namespace rather than one workload.</summary>
    public const string SharedGroup = "namespace";

    public static GeneratorOutput Generate(AspireManifest manifest, DeploymentProfile profile)
    {
        var model = DeploymentModelBuilder.Build(manifest, profile);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var baseObjects = BaseObjects(model);

        var violations = PolicyChecks.RunAll(baseObjects.Select(o => o.Value).ToList());
        if (violations.Count > 0)
        {
            throw new PolicyViolationException(violations);
        }

        foreach (var (group, value) in baseObjects)
        {
            files.Add($"base/{group}/{YamlDocuments.FileName(value)}", YamlDocuments.Serialize(value));
        }

        files.Add("base/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
        {
            Resources = files.Keys.Select(path => path["base/".Length..]).ToList(),
        }));

        var overlays = new OverlayBuilder(model);
        foreach (var environment in profile.Environments.Keys.Order(StringComparer.Ordinal))
        {
            var (kustomization, ns, patches) = overlays.Build(environment);
            files.Add($"overlays/{environment}/kustomization.yaml", YamlDocuments.Serialize(kustomization));
            files.Add($"overlays/{environment}/namespace.yaml", YamlDocuments.Serialize(ns));
            files.Add($"overlays/{environment}/storageclass.yaml", YamlDocuments.Serialize(OverlayBuilder.StorageClass(profile.Application, profile.Environments[environment].StorageClass)));
            foreach (var patch in patches)
            {
                files.Add($"overlays/{environment}/{OverlayBuilder.PatchPath(patch)}", YamlDocuments.Serialize(patch));
            }
        }

        if (model.Canaries.Count > 0)
        {
            var componentFiles = new CanaryComponentBuilder(model).Build().Append(IstioControlPlanePolicy(profile))
                .ToDictionary(YamlDocuments.FileName, YamlDocuments.Serialize, StringComparer.Ordinal);
            foreach (var (name, content) in componentFiles)
            {
                files.Add($"{CanaryComponent}/{name}", content);
            }

            var routerPatches = new CanaryComponentBuilder(model).RouterPatches().ToList();
            foreach (var patch in routerPatches)
            {
                files.Add($"{CanaryComponent}/{OverlayBuilder.PatchPath(patch)}", YamlDocuments.Serialize(patch));
            }

            files.Add($"{CanaryComponent}/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
            {
                IsComponent = true,
                Resources = componentFiles.Keys.Order(StringComparer.Ordinal).ToList(),
                Patches = routerPatches.Select(OverlayBuilder.PatchPath).Order(StringComparer.Ordinal).ToList(),
            }));
            // A buildable example of the component in use: prod routed by the mesh.
            foreach (var environment in profile.Environments.Keys.Order(StringComparer.Ordinal))
            {
                files.Add($"overlays/{environment}-mesh/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
                {
                    // Repeated: a component's objects are added after ../{environment} set its namespace.
                    Namespace = profile.Environments[environment].Namespace,
                    Resources = [$"../{environment}"],
                    Components = [$"../../{CanaryComponent}"],
                }));
            }
        }

        if (profile.Logging is { } logging)
        {
            var loggingFiles = new LoggingComponentBuilder(profile, logging).Build()
                .ToDictionary(YamlDocuments.FileName, YamlDocuments.Serialize, StringComparer.Ordinal);
            foreach (var (name, content) in loggingFiles)
            {
                files.Add($"{LoggingComponent}/{name}", content);
            }

            files.Add($"{LoggingComponent}/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
            {
                IsComponent = true,
                Resources = loggingFiles.Keys.Order(StringComparer.Ordinal).ToList(),
            }));
            foreach (var environment in profile.Environments.Keys.Order(StringComparer.Ordinal))
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
            var chaosFiles = new ChaosComponentBuilder(model, chaos).Build()
                .ToDictionary(YamlDocuments.FileName, YamlDocuments.Serialize, StringComparer.Ordinal);
            foreach (var (name, content) in chaosFiles)
            {
                files.Add($"{ChaosComponent}/{name}", content);
            }

            files.Add($"{ChaosComponent}/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
            {
                IsComponent = true,
                Resources = chaosFiles.Keys.Order(StringComparer.Ordinal).ToList(),
            }));
            foreach (var environment in profile.Environments.Keys.Order(StringComparer.Ordinal))
            {
                files.Add($"overlays/{environment}-chaos/kustomization.yaml", YamlDocuments.Serialize(new Kustomization
                {
                    Namespace = profile.Environments[environment].Namespace,
                    Resources = [$"../{environment}"],
                    Components = [$"../../{ChaosComponent}"],
                }));
            }
        }

        files.Add("SECRETS.md", SecretsDocument.Render(model, manifest));
        return new GeneratorOutput(files, baseObjects.Select(o => o.Value).ToList(), model);
    }

    private static List<(string Group, object Value)> BaseObjects(DeploymentModel model)
    {
        var result = new List<(string, object)>();
        var workloads = new WorkloadBuilder(model.Profile);
        var ingresses = new IngressBuilder(model.Profile);
        var monitoring = new MonitoringBuilder(model);
        var policies = new NetworkPolicyBuilder(model).ToDictionaryByName();
        foreach (var workload in model.Workloads)
        {
            result.AddRange(workloads.Build(workload).Select(o => (workload.Name, (object)o)));
            result.AddRange(ingresses.Build(workload).Select(o => (workload.Name, (object)o)));
            result.Add((workload.Name, policies[workload.Name]));
            if (workload.ExposesMetrics)
            {
                result.Add((workload.Name, monitoring.ServiceMonitor(workload)));
            }
        }

        result.AddRange(policies.Values.Where(p => !model.Workloads.Any(w => w.Name == p.Metadata.Name)).Select(p => (SharedGroup, (object)p)));
        if (ingresses.NeedsNotPublicService(model.Workloads))
        {
            result.Add((SharedGroup, ingresses.NotPublic()));
        }

        result.Add((SharedGroup, monitoring.Alerts()));
        result.Add((SharedGroup, monitoring.Dashboard()));
        return result;
    }

    private static Dictionary<string, V1NetworkPolicy> ToDictionaryByName(this NetworkPolicyBuilder builder) =>
        builder.Build().ToDictionary(p => p.Metadata.Name, StringComparer.Ordinal);

    /// <summary>Sidecars must reach istiod for their configuration and certificates; default deny would cut them off.</summary>
    private static V1NetworkPolicy IstioControlPlanePolicy(DeploymentProfile profile) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = "allow-istio-control-plane", Labels = Labels.Shared(profile.Application) },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            PolicyTypes = ["Egress"],
            Egress =
            [
                new V1NetworkPolicyEgressRule
                {
                    To = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector { MatchLabels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = "istio-system" } } }],
                    Ports = [new V1NetworkPolicyPort { Port = 15012, Protocol = "TCP" }],
                },
            ],
        },
    };
}

public sealed record GeneratorOutput(IReadOnlyDictionary<string, string> Files, IReadOnlyList<object> BaseObjects, DeploymentModel Model);
