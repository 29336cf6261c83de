namespace ReferenceApp.Deploy.Model;

/// <summary>Who may open a connection to a workload: another workload of the namespace, or any pod of a namespace.</summary>
public sealed record EdgeSource(string Name, bool IsNamespace)
{
    public static EdgeSource Workload(string name) => new(name, IsNamespace: false);

    public static EdgeSource Namespace(string name) => new(name, IsNamespace: true);
}

/// <summary>One allowed caller of a workload and the ports it may reach.</summary>
public sealed record InboundEdge(EdgeSource From, IReadOnlyList<int> Ports);

/// <summary>
/// The one edge model of the namespace, read by both enforcement layers: the NetworkPolicies (who may reach a pod,
/// by pod and namespace selectors) and, in the mesh overlays, the Istio AuthorizationPolicies (the same callers, by
/// ServiceAccount identity). Edges: every workload that references one of this workload's bindings, every project to
/// the collector's OTLP port, the database roles Job to its server, the ingress controller to the external ports, Prometheus to the metrics port.
/// </summary>
public static class InboundEdges
{
    public static IReadOnlyList<InboundEdge> For(DeploymentModel model, Workload workload)
    {
        var edges = new List<InboundEdge>();
        foreach (var caller in model.Workloads.Where(w => w.Dependencies.Any(d => d.Workload == workload.Name)))
        {
            var ports = caller.Dependencies.Where(d => d.Workload == workload.Name).Select(d => d.Port).Distinct().Order().ToList();
            edges.Add(new InboundEdge(EdgeSource.Workload(caller.Name), ports));
        }

        if (model.DatabaseRoles is { } job && job.Server.Name == workload.Name)
        {
            edges.Add(new InboundEdge(EdgeSource.Workload(job.Name), [job.Server.PrimaryPort.Port]));
        }

        if (workload.Kind == WorkloadKind.Collector)
        {
            edges.AddRange(model.Workloads.Where(w => w.Kind == WorkloadKind.Project)
                .Select(w => new InboundEdge(EdgeSource.Workload(w.Name), [Collector.GrpcPort])));
        }

        var external = workload.Ports.Where(p => p.External).Select(p => p.Port).ToList();
        if (external.Count > 0)
        {
            edges.Add(new InboundEdge(EdgeSource.Namespace(model.Profile.Ingress.ControllerNamespace), external));
        }

        if (workload.ExposesMetrics)
        {
            edges.Add(new InboundEdge(EdgeSource.Namespace(model.Profile.Monitoring.PrometheusNamespace), [workload.PrimaryPort.Port]));
        }

        return edges;
    }
}
