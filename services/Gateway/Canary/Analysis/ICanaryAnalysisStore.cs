using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// Where the replicas pool their measures and take turns deciding (Redis in the gateway). Every member throws
/// <see cref="CanaryStoreUnavailableException"/> when the store cannot be reached; the replica then judges its own window.
/// </summary>
public interface ICanaryAnalysisStore
{
    /// <summary>Publishes this replica's window (kept <paramref name="keep"/>) and returns every replica's, its own included.</summary>
    Task<IReadOnlyList<ReplicaWindow>> ExchangeAsync(ReplicaWindow own, TimeSpan keep, CancellationToken cancellationToken);

    /// <summary>Takes the analysis lease or renews it when <paramref name="token"/> already holds it; false while another replica holds it.</summary>
    Task<bool> HoldLeaseAsync(string token, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up (only if <paramref name="token"/> holds it) and withdraws the replica's window: it is shutting down.</summary>
    Task LeaveAsync(string token, CancellationToken cancellationToken);

    /// <summary>The lease holder's latest verdict, so every replica's admin document shows it.</summary>
    Task ShareVerdictAsync(CanaryVerdict verdict, TimeSpan keep, CancellationToken cancellationToken);

    Task<(CanaryVerdictKind Kind, string Reason)?> ReadVerdictAsync(CancellationToken cancellationToken);
}
