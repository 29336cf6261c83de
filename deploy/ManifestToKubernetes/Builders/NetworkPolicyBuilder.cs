using k8s.Models;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// Default deny in the namespace, then exactly the edges the AppHost declares (a reference from one resource to
/// another's binding), plus DNS, the telemetry collector, the ingress controller and Prometheus. Ingress comes from
/// <see cref="InboundEdges"/>, which the mesh's AuthorizationPolicies read too.
/// </summary>
public sealed class NetworkPolicyBuilder(DeploymentModel model)
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";
    private string Application => model.Profile.Application;

    public IEnumerable<V1NetworkPolicy> Build()
    {
        yield return DefaultDeny();
        yield return AllowDns();
        foreach (var workload in model.Workloads)
        {
            yield return ForWorkload(workload);
        }

        if (model.DatabaseRoles is { } job)
        {
            yield return ForDatabaseRoles(job);
        }
    }

    /// <summary>The roles Job calls its server and nothing else; nobody calls it.</summary>
    private V1NetworkPolicy ForDatabaseRoles(DatabaseRolesJob job) => Policy(job.Name, Labels.JobLabels(Application, job.Name), new V1NetworkPolicySpec
    {
        PodSelector = new V1LabelSelector { MatchLabels = Labels.Selector(Application, job.Name) },
        PolicyTypes = ["Ingress", "Egress"],
        Ingress = [],
        Egress = [new V1NetworkPolicyEgressRule { To = [PodPeer(job.Server.Name)], Ports = [Port(job.Server.PrimaryPort.Port)] }],
    });

    private V1NetworkPolicy DefaultDeny() => Policy("default-deny-all", Labels.Shared(Application), new V1NetworkPolicySpec
    {
        PodSelector = new V1LabelSelector(),
        PolicyTypes = ["Ingress", "Egress"],
    });

    private V1NetworkPolicy AllowDns() => Policy("allow-dns-egress", Labels.Shared(Application), new V1NetworkPolicySpec
    {
        PodSelector = new V1LabelSelector(),
        PolicyTypes = ["Egress"],
        Egress =
        [
            new V1NetworkPolicyEgressRule
            {
                To =
                [
                    new V1NetworkPolicyPeer
                    {
                        NamespaceSelector = new V1LabelSelector { MatchLabels = Map(NamespaceNameLabel, "kube-system") },
                        PodSelector = new V1LabelSelector { MatchLabels = Map("k8s-app", "kube-dns") },
                    },
                ],
                Ports = [Port(53, "UDP"), Port(53, "TCP")],
            },
        ],
    });

    private V1NetworkPolicy ForWorkload(Workload workload)
    {
        var ingress = InboundEdges.For(model, workload).Select(edge => new V1NetworkPolicyIngressRule
        {
            FromProperty = [edge.From.IsNamespace ? NamespacePeer(edge.From.Name) : PodPeer(edge.From.Name)],
            Ports = edge.Ports.Select(p => Port(p)).ToList(),
        }).ToList();

        var egress = workload.Dependencies
            .GroupBy(d => d.Workload, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new V1NetworkPolicyEgressRule { To = [PodPeer(g.Key)], Ports = g.Select(d => d.Port).Distinct().Order().Select(p => Port(p)).ToList() })
            .ToList();
        if (workload.Kind == WorkloadKind.Project)
        {
            egress.Add(new V1NetworkPolicyEgressRule { To = [PodPeer(Collector.Name)], Ports = [Port(Collector.GrpcPort)] });
        }

        var telemetry = model.Profile.Telemetry;
        if (workload.Kind == WorkloadKind.Collector)
        {
            var backends = new[] { telemetry.Backends.Traces, telemetry.Backends.Metrics, telemetry.Backends.Logs };
            egress.AddRange(backends.Select(b => (b.Namespace, b.Port)).Distinct().Order()
                .Select(b => new V1NetworkPolicyEgressRule { To = [NamespacePeer(b.Namespace)], Ports = [Port(b.Port)] }));
        }

        return Policy(workload.Name, Labels.Common(Application, workload), new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = Labels.Selector(Application, workload.Name) },
            PolicyTypes = ["Ingress", "Egress"],
            Ingress = ingress,
            Egress = egress,
        });
    }

    private V1NetworkPolicyPeer PodPeer(string workload) =>
        new() { PodSelector = new V1LabelSelector { MatchLabels = Labels.Selector(Application, workload) } };

    private static V1NetworkPolicyPeer NamespacePeer(string name) =>
        new() { NamespaceSelector = new V1LabelSelector { MatchLabels = Map(NamespaceNameLabel, name) } };

    private static V1NetworkPolicyPort Port(int port, string protocol = "TCP") => new() { Port = port, Protocol = protocol };

    private static SortedDictionary<string, string> Map(string key, string value) => new(StringComparer.Ordinal) { [key] = value };

    private static V1NetworkPolicy Policy(string name, IDictionary<string, string> labels, V1NetworkPolicySpec spec) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = spec,
    };
}
