using k8s;
using k8s.Models;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// The optional mesh form of each canary, for Istio in ambient mode: a Service spanning every track, routed through
/// the namespace's waypoint, and an HTTPRoute splitting it between the tracks' Services by the profile's weights
/// (90/10), for clusters that route with the mesh instead of the gateway's weighted routing.
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
            var serviceLabels = new SortedDictionary<string, string>(labels, StringComparer.Ordinal)
            {
                // Traffic to this Service goes through the waypoint, where the HTTPRoute's split is applied (L7).
                [UseWaypointLabel] = WaypointName,
            };

            yield return new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = canary.Name, Labels = serviceLabels },
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

            // Gateway API's HTTPRoute, the stable L7 API of ambient mode (a VirtualService on a waypoint is Alpha):
            // attached to the canary Service, it splits between the tracks' own Services by the profile's weights.
            yield return new CustomResource("gateway.networking.k8s.io/v1", "HTTPRoute", new V1ObjectMeta { Name = canary.Name, Labels = labels },
                new Dictionary<string, object>
                {
                    ["parentRefs"] = new List<object>
                    {
                        new Dictionary<string, object> { ["group"] = "", ["kind"] = "Service", ["name"] = canary.Name, ["port"] = port.Port },
                    },
                    ["rules"] = new List<object>
                    {
                        new Dictionary<string, object>
                        {
                            ["backendRefs"] = tracks.Select(t => (object)new Dictionary<string, object>
                            {
                                ["name"] = t.Key,
                                ["port"] = model.Get(t.Key).PrimaryPort.Port,
                                ["weight"] = t.Value,
                            }).ToList(),
                        },
                    },
                });
        }

        yield return Waypoint();
    }

    public const string WaypointName = "waypoint";
    public const string UseWaypointLabel = "istio.io/use-waypoint";
    public const int HbonePort = 15008;

    /// <summary>
    /// The namespace's waypoint: an Envoy that Istio deploys for this Gateway and that applies L7 routing (the
    /// HTTPRoute) to the Services labelled to use it. Ambient pods reach it over HBONE.
    /// </summary>
    private CustomResource Waypoint() => new("gateway.networking.k8s.io/v1", "Gateway",
        new V1ObjectMeta { Name = WaypointName, Labels = Labels.Shared(Application) },
        new Dictionary<string, object>
        {
            ["gatewayClassName"] = "istio-waypoint",
            ["listeners"] = new List<object>
            {
                new Dictionary<string, object>
                {
                    ["allowedRoutes"] = new Dictionary<string, object> { ["namespaces"] = new Dictionary<string, object> { ["from"] = "Same" } },
                    ["name"] = "mesh",
                    ["port"] = HbonePort,
                    ["protocol"] = "HBONE",
                },
            },
        });
}
