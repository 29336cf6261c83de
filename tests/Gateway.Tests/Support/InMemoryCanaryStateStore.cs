using ReferenceApp.Gateway.Canary.State;

namespace ReferenceApp.Gateway.Tests.Support;

/// <summary>The shared store without Redis, for unit tests: one instance plays Redis for every "replica" built on it.</summary>
public class InMemoryCanaryStateStore : ICanaryStateStore
{
    private readonly List<Action> subscribers = [];
    private CanarySnapshot? stored;

    public CanarySnapshot? Stored => stored;

    /// <summary>Drops the stored decision, as Redis does when it restarts without persistence.</summary>
    protected void ForgetStored() => stored = null;

    public virtual Task<CanarySnapshot?> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(stored);

    public virtual Task<bool> WriteAsync(CanarySnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!CanaryVersioning.Replaces(snapshot, stored))
        {
            return Task.FromResult(false);
        }

        stored = snapshot;
        foreach (var subscriber in subscribers)
        {
            subscriber();
        }

        return Task.FromResult(true);
    }

    public Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken)
    {
        subscribers.Add(onChanged);
        return Task.CompletedTask;
    }
}
