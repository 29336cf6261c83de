using ReferenceApp.Gateway.Canary.State;

namespace ReferenceApp.Gateway.Tests.Support;

/// <summary>The shared store without Redis, for unit tests: one instance plays Redis for every "replica" built on it.</summary>
public class InMemoryCanaryStateStore : ICanaryStateStore
{
    private readonly List<Action> subscribers = [];
    private CanarySnapshot? stored;

    public CanarySnapshot? Stored => stored;

    public virtual Task<CanarySnapshot?> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(stored);

    public virtual Task WriteAsync(CanarySnapshot snapshot, CancellationToken cancellationToken)
    {
        stored = snapshot;
        foreach (var subscriber in subscribers)
        {
            subscriber();
        }

        return Task.CompletedTask;
    }

    public Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken)
    {
        subscribers.Add(onChanged);
        return Task.CompletedTask;
    }
}
