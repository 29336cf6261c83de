namespace ReferenceApp.Gateway.Canary.State;

/// <summary>Where the replicas share the canary decision (Redis in the gateway; in memory in unit tests).</summary>
public interface ICanaryStateStore
{
    Task<CanarySnapshot?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Stores the decision and tells the other replicas it changed.</summary>
    Task WriteAsync(CanarySnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onChanged"/> whenever any replica wrote a decision.</summary>
    Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken);
}
