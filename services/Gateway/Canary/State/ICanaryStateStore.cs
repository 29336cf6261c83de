namespace ReferenceApp.Gateway.Canary.State;

/// <summary>Where the replicas share the canary decision (Redis in the gateway; in memory in unit tests).</summary>
public interface ICanaryStateStore
{
    Task<CanarySnapshot?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the decision unless the stored one is newer, and tells the other replicas it changed. Newer means a higher
    /// <see cref="CanarySnapshot.Version"/>; at the same version a rollback replaces anything else (rollback wins).
    /// Returns false when the stored decision was kept.
    /// </summary>
    Task<bool> WriteAsync(CanarySnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onChanged"/> whenever any replica wrote a decision.</summary>
    Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken);
}
