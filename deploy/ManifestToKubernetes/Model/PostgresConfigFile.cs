using k8s.Models;
using ReferenceApp.Deploy.Input;

namespace ReferenceApp.Deploy.Model;

/// <summary>
/// The postgresql.conf of a container the profile marks with postgresTuning: <see cref="PostgresTuning"/> fed with the
/// container's limits and volume in one environment, and the connections its clients can open there (each client
/// workload's most replicas, autoscaler maximum included, times the pool cap of one replica).
/// </summary>
public static class PostgresConfigFile
{
    public const string FileName = "postgresql.conf";
    public const string MountPath = "/etc/postgresql";

    public static IReadOnlyList<string> Args => ["-c", $"config_file={MountPath}/{FileName}"];

    public static string Render(Workload database, IEnumerable<Workload> workloads, Func<Workload, ServiceProfile> settingsIn)
    {
        var settings = settingsIn(database);
        var tuning = settings.PostgresTuning!;
        var clientReplicas = workloads
            .Where(w => w.Dependencies.Any(d => d.Workload == database.Name))
            .Sum(w => settingsIn(w) is var s ? s.Autoscaling?.MaxReplicas ?? s.Replicas ?? 1 : 1);
        return PostgresTuning.Render(PostgresTuning.Compute(
            (long)new ResourceQuantity(settings.Resources!.Limits.Memory).ToDecimal(),
            new ResourceQuantity(settings.Resources.Limits.Cpu).ToDecimal(),
            clientReplicas * tuning.ClientPoolSize,
            tuning.ReservedConnections,
            (long)new ResourceQuantity(settings.Storage!.Size).ToDecimal()));
    }
}
