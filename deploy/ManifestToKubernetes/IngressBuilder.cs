using k8s.Models;

namespace ReferenceApp.Deploy;

/// <summary>An Ingress for each workload with an external binding (the frontend and the gateway's public API), TLS on.</summary>
public sealed class IngressBuilder(DeploymentProfile profile)
{
    public IEnumerable<V1Ingress> Build(Workload workload)
    {
        if (workload.Ports.Any(p => p.External))
        {
            yield return Ingress(workload, workload.Settings.IngressHost!);
        }
    }

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

    public V1IngressSpec Spec(Workload workload, string host) => new()
    {
        IngressClassName = profile.Ingress.ClassName,
        Tls = [new V1IngressTLS { Hosts = [host], SecretName = $"{workload.Name}-tls" }],
        Rules =
        [
            new V1IngressRule
            {
                Host = host,
                Http = new V1HTTPIngressRuleValue
                {
                    Paths = workload.Ports.Where(p => p.External).Take(1).Select(p => new V1HTTPIngressPath
                    {
                        Path = "/",
                        PathType = "Prefix",
                        Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = workload.Name, Port = new V1ServiceBackendPort { Name = p.Name } } },
                    }).ToList(),
                },
            },
        ],
    };
}
