using ReferenceApp.Deploy.Model;
using k8s.Models;
using k8s;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// The optional Istio form of each canary: a Service spanning every track, a DestinationRule with a subset per
/// track, and a VirtualService splitting by the profile's weights (90/10), for clusters that route with a mesh
/// instead of the gateway's weighted routing.
/// </summary>
public sealed class CanaryComponentBuilder(DeploymentModel model)
{
    private string Application => model.Profile.Application;

    /// <summary>
    /// Patches of each router for mesh mode: every setting that addresses a track (http://orders-v1:8080) addresses the
    /// canary Service instead (http://orders:8080), so the VirtualService, not the router, splits; the router's weight
    /// is 0 and its profile mesh settings apply (analysis off). The checksum rolls the router's pods.
    /// </summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> RouterPatches()
    {
        foreach (var canary in model.Canaries)
        {
            var router = model.Get(canary.Router);
            var changed = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var track in new[] { canary.Stable, canary.Canary }.Select(model.Get))
            {
                foreach (var port in track.Ports)
                {
                    var from = $"http://{track.Name}:{port.Port}";
                    foreach (var (key, value) in router.Config.Where(c => c.Value == from))
                    {
                        changed[key] = $"http://{canary.Name}:{port.Port}";
                    }
                }
            }

            changed[canary.RouterSetting] = "0";
            foreach (var (key, value) in canary.MeshRouterSettings)
            {
                changed[key] = value;
            }

            var config = new SortedDictionary<string, string>((IDictionary<string, string>)router.Config, StringComparer.Ordinal);
            foreach (var (key, value) in changed)
            {
                config[key] = value;
            }

            yield return new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = router.ConfigMapName }, Data = changed };
            yield return new V1Deployment
            {
                ApiVersion = "apps/v1",
                Kind = "Deployment",
                Metadata = new V1ObjectMeta { Name = router.Name },
                Spec = new V1DeploymentSpec
                {
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta
                        {
                            Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["checksum/config"] = WorkloadBuilder.ConfigChecksum(router with { Config = config }) },
                        },
                    },
                },
            };
        }
    }

    public IEnumerable<IKubernetesObject<V1ObjectMeta>> Build()
    {
        foreach (var canary in model.Canaries)
        {
            var tracks = canary.Weights();
            var port = model.Get(tracks[0].Key).PrimaryPort;
            var labels = Labels.Shared(Application);
            labels[Labels.CanaryGroup(Application)] = canary.Name;
            labels[Labels.Name] = canary.Name;

            yield return new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = canary.Name, Labels = labels },
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    Selector = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        [Labels.CanaryGroup(Application)] = canary.Name,
                        [Labels.PartOf] = Application,
                    },
                    Ports = [new V1ServicePort { Name = port.Name, Port = port.Port, TargetPort = port.Name, Protocol = "TCP", AppProtocol = "http" }],
                },
            };

            yield return new CustomResource("networking.istio.io/v1", "DestinationRule", new V1ObjectMeta { Name = canary.Name, Labels = labels },
                new Dictionary<string, object>
                {
                    ["host"] = canary.Name,
                    ["subsets"] = tracks.Select(t => (object)new Dictionary<string, object>
                    {
                        ["labels"] = new Dictionary<string, object> { [Labels.CanaryTrack(Application)] = t.Key },
                        ["name"] = t.Key,
                    }).ToList(),
                });

            yield return new CustomResource("networking.istio.io/v1", "VirtualService", new V1ObjectMeta { Name = canary.Name, Labels = labels },
                new Dictionary<string, object>
                {
                    ["hosts"] = new List<object> { canary.Name },
                    ["http"] = new List<object>
                    {
                        new Dictionary<string, object>
                        {
                            ["route"] = tracks.Select(t => (object)new Dictionary<string, object>
                            {
                                ["destination"] = new Dictionary<string, object>
                                {
                                    ["host"] = canary.Name,
                                    ["port"] = new Dictionary<string, object> { ["number"] = port.Port },
                                    ["subset"] = t.Key,
                                },
                                ["weight"] = t.Value,
                            }).ToList(),
                        },
                    },
                });
        }
    }
}
