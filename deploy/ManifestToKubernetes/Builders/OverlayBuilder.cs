using k8s;
using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// One kustomize overlay per profile environment: its namespace (with Pod Security "restricted" enforced), images
/// from its registry and tag, and strategic-merge patches for replicas, resources, autoscaling bounds, storage and
/// ingress hosts. The patches are partial typed objects, so they are checked like everything else.
/// </summary>
public sealed class OverlayBuilder(DeploymentModel model)
{
    private DeploymentProfile Profile => model.Profile;

    public (Kustomization Kustomization, V1Namespace Namespace, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Patches) Build(string environment)
    {
        var settings = Profile.Environments[environment];
        var patches = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var workload in model.Workloads)
        {
            var service = workload.Settings.OverriddenBy(settings.Services.GetValueOrDefault(workload.Name));
            string? checksum = null;
            if (EnvironmentFiles(workload, settings) is { } files && !files.SequenceEqual(workload.ConfigFiles))
            {
                // The environment's config file replaces the base's, and its checksum rolls the pods.
                var changed = workload with { ConfigFiles = files };
                var configMap = new WorkloadBuilder(Profile).ConfigMap(WorkloadBuilder.FilesConfigMapName(workload), workload, files);
                configMap.Metadata.Labels = null;
                patches.Add(configMap);
                checksum = WorkloadBuilder.ConfigChecksum(changed);
            }

            patches.Add(workload.IsStateful ? StatefulSetPatch(workload, service, settings, checksum) : DeploymentPatch(workload, service, checksum));
            if (service.Autoscaling is { } autoscaling)
            {
                patches.Add(new V2HorizontalPodAutoscaler
                {
                    ApiVersion = "autoscaling/v2",
                    Kind = "HorizontalPodAutoscaler",
                    Metadata = new V1ObjectMeta { Name = workload.Name },
                    Spec = new V2HorizontalPodAutoscalerSpec
                    {
                        MinReplicas = autoscaling.MinReplicas,
                        MaxReplicas = autoscaling.MaxReplicas,
                        Metrics = [WorkloadBuilder.CpuMetric(autoscaling)],
                    },
                });
            }

            if (service.IngressHost is { } host)
            {
                patches.Add(new V1Ingress
                {
                    ApiVersion = "networking.k8s.io/v1",
                    Kind = "Ingress",
                    Metadata = new V1ObjectMeta { Name = workload.Name },
                    Spec = new IngressBuilder(Profile).Spec(workload, host),
                });
            }
        }

        var images = model.Workloads
            .Where(w => w.Kind == WorkloadKind.Project)
            .Select(w => ImageName(w.Image))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => new KustomizeImage(name, settings.Images.Registry + name[Profile.Images.Registry.Length..], settings.Images.Tag))
            .ToList();
        var kustomization = new Kustomization
        {
            Namespace = settings.Namespace,
            Resources = ["../../base", "namespace.yaml", "storageclass.yaml"],
            Images = images,
            Patches = patches.Select(Kustomization.PatchPath).Order(StringComparer.Ordinal).ToList(),
        };
        var labels = Labels.Shared(Profile.Application);
        // Pod Security Admission enforces what the generator promises: a pod that is not "restricted" is refused.
        labels["pod-security.kubernetes.io/enforce"] = "restricted";
        labels["pod-security.kubernetes.io/enforce-version"] = "latest";
        labels["pod-security.kubernetes.io/warn"] = "restricted";
        var ns = new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = settings.Namespace, Labels = labels } };
        return (kustomization, ns, patches);
    }

    /// <summary>
    /// The environment routed by the mesh: the canary component, and the namespace enrolled in Istio's ambient mode.
    /// Ambient needs no sidecar and no istio-init container (ztunnel and the CNI node agent redirect traffic outside
    /// the pod), so the namespace keeps Pod Security "restricted". <paramref name="resources"/>: the overlay's own files
    /// (the AuthorizationPolicies, which name the namespace in their principals).
    /// </summary>
    public (Kustomization Kustomization, V1Namespace NamespacePatch) MeshOverlay(string environment, string canaryComponent, IReadOnlyList<string> resources)
    {
        var ns = Profile.Environments[environment].Namespace;
        var patch = new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta { Name = ns, Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { [AmbientLabel] = "ambient" } },
        };
        var kustomization = new Kustomization
        {
            // Repeated: a component's objects are added after ../{environment} set its namespace.
            Namespace = ns,
            Resources = [$"../{environment}", .. resources],
            Components = [$"../../{canaryComponent}"],
            Patches = [Kustomization.PatchPath(patch)],
        };
        return (kustomization, patch);
    }

    public const string AmbientLabel = "istio.io/dataplane-mode";

    /// <summary>Config files that depend on the environment: the collector's (debug exporter) and PostgreSQL's (its sizes).</summary>
    private IReadOnlyDictionary<string, string>? EnvironmentFiles(Workload workload, EnvironmentProfile settings)
    {
        if (workload.Kind == WorkloadKind.Collector && settings.CollectorDebug)
        {
            return new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["config.yaml"] = CollectorConfiguration.Render(Profile.Telemetry, Profile.Application, debug: true),
            };
        }

        if (workload.Settings.PostgresTuning is not null)
        {
            return new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [PostgresConfigFile.FileName] = PostgresConfigFile.Render(workload, model.Workloads,
                    w => w.Settings.OverriddenBy(settings.Services.GetValueOrDefault(w.Name))),
            };
        }

        return null;
    }

    public static V1StorageClass StorageClass(string application, StorageClassProfile storageClass) => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "StorageClass",
        Metadata = new V1ObjectMeta { Name = storageClass.Name, Labels = Labels.Shared(application) },
        Provisioner = storageClass.Provisioner,
        Parameters = storageClass.Parameters.Count == 0 ? null : new SortedDictionary<string, string>((IDictionary<string, string>)storageClass.Parameters, StringComparer.Ordinal),
        ReclaimPolicy = storageClass.ReclaimPolicy,
        // Claims bind where the pod is scheduled, so a zonal disk is made in the pod's zone.
        VolumeBindingMode = "WaitForFirstConsumer",
        AllowVolumeExpansion = true,
        MountOptions = storageClass.MountOptions.Count == 0 ? null : storageClass.MountOptions.ToList(),
    };

    private static string ImageName(string image) => image[..image.LastIndexOf(':')];

    private static V1Deployment DeploymentPatch(Workload workload, ServiceProfile service, string? checksum) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = workload.Name },
        Spec = new V1DeploymentSpec
        {
            Replicas = service.Autoscaling is null ? service.Replicas : null,
            Template = ResourcesPatch(workload, service) with { Metadata = ChecksumMetadata(checksum) },
        },
    };

    private static V1StatefulSet StatefulSetPatch(Workload workload, ServiceProfile service, EnvironmentProfile settings, string? checksum) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "StatefulSet",
        Metadata = new V1ObjectMeta { Name = workload.Name },
        Spec = new V1StatefulSetSpec
        {
            Replicas = service.Replicas,
            Template = ResourcesPatch(workload, service) with { Metadata = ChecksumMetadata(checksum) },
            // volumeClaimTemplates has no merge key: the patch carries the whole list. Kubernetes does not change the
            // claims of an existing StatefulSet; resizing one is a manual step (see deploy/README.md).
            VolumeClaimTemplates = WorkloadBuilder.VolumeClaimTemplates(workload, service.Storage!, settings.StorageClass.Name),
        },
    };

    private static V1ObjectMeta? ChecksumMetadata(string? checksum) => checksum is null ? null : new V1ObjectMeta
    {
        Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["checksum/config"] = checksum },
    };

    private static V1PodTemplateSpec ResourcesPatch(Workload workload, ServiceProfile service) => new()
    {
        Spec = new V1PodSpec { Containers = [new V1Container { Name = workload.Name, Resources = WorkloadBuilder.Resources(service.Resources!) }] },
    };
}
