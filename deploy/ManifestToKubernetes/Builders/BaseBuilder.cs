using k8s;
using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>The base: every workload's objects in its own folder, and the namespace-wide ones in <see cref="ReservedNames.SharedObjects"/>.</summary>
public sealed class BaseBuilder(DeploymentModel model)
{
    public IReadOnlyList<(string Group, IKubernetesObject<V1ObjectMeta> Value)> Build()
    {
        var result = new List<(string, IKubernetesObject<V1ObjectMeta>)>();
        var workloads = new WorkloadBuilder(model.Profile);
        var ingresses = new IngressBuilder(model.Profile);
        var monitoring = new MonitoringBuilder(model);
        var policies = new NetworkPolicyBuilder(model).Build().ToDictionary(p => p.Metadata.Name, StringComparer.Ordinal);
        foreach (var workload in model.Workloads)
        {
            result.AddRange(workloads.Build(workload).Select(o => (workload.Name, o)));
            result.AddRange(ingresses.Build(workload).Select(o => (workload.Name, (IKubernetesObject<V1ObjectMeta>)o)));
            result.Add((workload.Name, policies[workload.Name]));
            if (workload.ExposesMetrics)
            {
                result.Add((workload.Name, monitoring.ServiceMonitor(workload)));
            }
        }

        if (model.DatabaseRoles is { } job)
        {
            result.AddRange(new DatabaseRolesBuilder(model, job).Build().Select(o => (job.Name, o)));
            result.Add((job.Name, policies[job.Name]));
        }

        result.AddRange(policies.Values.Where(p => !model.Workloads.Any(w => w.Name == p.Metadata.Name) && p.Metadata.Name != model.DatabaseRoles?.Name).Select(p => (ReservedNames.SharedObjects, (IKubernetesObject<V1ObjectMeta>)p)));
        if (ingresses.NeedsNotPublicService(model.Workloads))
        {
            result.Add((ReservedNames.SharedObjects, ingresses.NotPublic()));
        }

        result.Add((ReservedNames.SharedObjects, monitoring.Alerts()));
        result.Add((ReservedNames.SharedObjects, monitoring.Dashboard()));
        return result;
    }
}
