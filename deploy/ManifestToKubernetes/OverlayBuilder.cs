using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy;

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
            var service = ProfileValidator.Merge(workload.Settings, settings.Services.GetValueOrDefault(workload.Name));
            string? checksum = null;
            if (workload.Kind == WorkloadKind.Collector && settings.CollectorDebug)
            {
                // The environment's collector configuration replaces the base's, and its checksum rolls the pods.
                var debugging = workload with
                {
                    ConfigFiles = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["config.yaml"] = CollectorConfiguration.Render(Profile.Telemetry, Profile.Application, debug: true),
                    },
                };
                var configMap = new WorkloadBuilder(Profile).ConfigMap(WorkloadBuilder.FilesConfigMapName(workload), workload, debugging.ConfigFiles);
                configMap.Metadata.Labels = null;
                patches.Add(configMap);
                checksum = WorkloadBuilder.ConfigChecksum(debugging);
            }

            patches.Add(workload.IsStateful ? StatefulSetPatch(workload, service) : DeploymentPatch(workload, service, checksum));
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
            Resources = ["../../base", "namespace.yaml"],
            Images = images,
            Patches = patches.Select(PatchPath).Order(StringComparer.Ordinal).ToList(),
        };
        var labels = Labels.Shared(Profile.Application);
        // Pod Security Admission enforces what the generator promises: a pod that is not "restricted" is refused.
        labels["pod-security.kubernetes.io/enforce"] = "restricted";
        labels["pod-security.kubernetes.io/enforce-version"] = "latest";
        labels["pod-security.kubernetes.io/warn"] = "restricted";
        var ns = new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = settings.Namespace, Labels = labels } };
        return (kustomization, ns, patches);
    }

    public static string PatchPath(IKubernetesObject<V1ObjectMeta> patch) => $"patches/{patch.Kind.ToLowerInvariant()}-{patch.Metadata.Name}.yaml";

    private static string ImageName(string image) => image[..image.LastIndexOf(':')];

    private static V1Deployment DeploymentPatch(Workload workload, ServiceProfile service, string? checksum) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = workload.Name },
        Spec = new V1DeploymentSpec
        {
            Replicas = service.Autoscaling is null ? service.Replicas : null,
            Template = ResourcesPatch(workload, service) with
            {
                Metadata = checksum is null ? null : new V1ObjectMeta
                {
                    Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["checksum/config"] = checksum },
                },
            },
        },
    };

    private static V1StatefulSet StatefulSetPatch(Workload workload, ServiceProfile service) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "StatefulSet",
        Metadata = new V1ObjectMeta { Name = workload.Name },
        Spec = new V1StatefulSetSpec
        {
            Replicas = service.Replicas,
            Template = ResourcesPatch(workload, service),
            // volumeClaimTemplates has no merge key: the patch carries the whole list. Kubernetes does not change the
            // claims of an existing StatefulSet; resizing one is a manual step (see deploy/README.md).
            VolumeClaimTemplates = WorkloadBuilder.VolumeClaimTemplates(workload, service.Storage!),
        },
    };

    private static V1PodTemplateSpec ResourcesPatch(Workload workload, ServiceProfile service) => new()
    {
        Spec = new V1PodSpec { Containers = [new V1Container { Name = workload.Name, Resources = WorkloadBuilder.Resources(service.Resources!) }] },
    };
}
