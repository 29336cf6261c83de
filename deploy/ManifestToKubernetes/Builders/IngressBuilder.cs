using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// An Ingress for each workload with an external binding (the frontend and the gateway's public API), TLS on. It routes
/// only the profile's prefixes for the service; a private path (health, metrics, admin) under one of them goes to the
/// endpoint-less <see cref="NotPublicService"/>, which wins by the Ingress rule that the longest prefix matches first.
/// </summary>
public sealed class IngressBuilder(DeploymentProfile profile)
{
    /// <summary>A Service without selector or endpoints: a path routed to it is answered by the controller (503), never by a pod.</summary>
    public const string NotPublicService = "not-public";
    public const string NotPublicPortName = "http";

    public IEnumerable<V1Ingress> Build(Workload workload)
    {
        if (workload.Ports.Any(p => p.External))
        {
            yield return Ingress(workload, workload.Settings.IngressHost!);
        }
    }

    /// <summary>Whether any public Ingress needs the <see cref="NotPublicService"/>.</summary>
    public bool NeedsNotPublicService(IEnumerable<Workload> workloads) =>
        workloads.Where(w => w.Ports.Any(p => p.External)).Any(w => HiddenPaths(w.Settings).Any());

    public V1Service NotPublic() => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = NotPublicService, Labels = Labels.Shared(profile.Application) },
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Ports = [new V1ServicePort { Name = NotPublicPortName, Port = 80, Protocol = "TCP" }],
        },
    };

    public V1Ingress Ingress(Workload workload, string host) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = new V1ObjectMeta
        {
            Name = workload.Name,
            Labels = Labels.Common(profile.Application, workload),
            Annotations = profile.Ingress.ClusterIssuer is { } issuer
                ? new SortedDictionary<string, string>(StringComparer.Ordinal) { ["cert-manager.io/cluster-issuer"] = issuer }
                : null,
        },
        Spec = Spec(workload, host),
    };

    public V1IngressSpec Spec(Workload workload, string host)
    {
        var port = workload.Ports.First(p => p.External);
        var routed = (workload.Settings.IngressPaths ?? []).Select(path => Path(path, workload.Name, port.Name));
        var hidden = HiddenPaths(workload.Settings).Select(path => Path(path, NotPublicService, NotPublicPortName));
        return new V1IngressSpec
        {
            IngressClassName = profile.Ingress.ClassName,
            Tls = [new V1IngressTLS { Hosts = [host], SecretName = $"{workload.Name}-tls" }],
            Rules =
            [
                new V1IngressRule
                {
                    Host = host,
                    Http = new V1HTTPIngressRuleValue { Paths = routed.Concat(hidden).ToList() },
                },
            ],
        };
    }

    /// <summary>The private paths a routed prefix of the service would otherwise let through.</summary>
    private IEnumerable<string> HiddenPaths(ServiceProfile service) =>
        profile.Ingress.PrivatePaths.Where(p => (service.IngressPaths ?? []).Any(routed => Covers(routed, p)));

    /// <summary>Ingress Prefix matching: whole path elements.</summary>
    public static bool Covers(string prefix, string path)
    {
        var want = prefix.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var have = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return want.Length <= have.Length && want.SequenceEqual(have.Take(want.Length), StringComparer.Ordinal);
    }

    private static V1HTTPIngressPath Path(string path, string service, string portName) => new()
    {
        Path = path,
        PathType = "Prefix",
        Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = service, Port = new V1ServiceBackendPort { Name = portName } } },
    };
}
