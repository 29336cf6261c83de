namespace ReferenceApp.Deploy.Policies;

/// <summary>Every container of a long-running workload has readiness, liveness and startup probes, on ports it declares.</summary>
public sealed class ProbePortsExist : IPolicyRule
{
    public const string Id = "probe-ports-exist";

    public string Name => Id;

    public IEnumerable<string> Check(ObjectSet set)
    {
        // A Job's pod serves nothing and is bounded by its deadline and backoff limit: no probes.
        foreach (var workload in set.Workloads.Where(w => !w.RunsToCompletion))
        {
            foreach (var container in workload.Containers)
            {
                if (container.ReadinessProbe is null || container.LivenessProbe is null || container.StartupProbe is null)
                {
                    yield return $"{workload.Id}: container {container.Name} lacks a readiness, liveness or startup probe.";
                }

                foreach (var (kind, probe) in new[] { ("readiness", container.ReadinessProbe), ("liveness", container.LivenessProbe), ("startup", container.StartupProbe) })
                {
                    var port = probe?.HttpGet?.Port ?? probe?.TcpSocket?.Port;
                    if (port?.Value is { } value && !(container.Ports?.Any(p => p.Name == value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == value) ?? false))
                    {
                        yield return $"{workload.Id}: the {kind} probe of {container.Name} uses port '{value}', which the container does not declare.";
                    }
                }
            }
        }
    }
}
