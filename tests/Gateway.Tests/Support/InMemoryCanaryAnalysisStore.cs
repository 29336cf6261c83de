using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Tests.Support;

/// <summary>
/// The shared analysis without Redis, for unit tests on a fake clock: one instance plays Redis for every rig built on it.
/// The Redis store itself is tested end to end (SharedAnalysisTests, on redis-server and Garnet).
/// </summary>
public sealed class InMemoryCanaryAnalysisStore(TimeProvider time) : ICanaryAnalysisStore
{
    private readonly Dictionary<string, ReplicaWindow> windows = [];
    private (string Token, DateTimeOffset Until)? lease;
    private (CanaryVerdictKind, string)? verdict;

    /// <summary>Plays a Redis outage: every call throws as the Redis store does.</summary>
    public bool Unreachable { get; set; }

    public Task<IReadOnlyList<ReplicaWindow>> ExchangeAsync(ReplicaWindow own, TimeSpan keep, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        windows[own.Replica] = own;
        var oldest = time.GetUtcNow() - keep;
        return Task.FromResult<IReadOnlyList<ReplicaWindow>>(windows.Values.Where(w => w.PublishedAt >= oldest).ToList());
    }

    public Task<bool> HoldLeaseAsync(string token, TimeSpan duration, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        var now = time.GetUtcNow();
        if (lease is { } held && held.Token != token && held.Until > now)
        {
            return Task.FromResult(false);
        }

        lease = (token, now + duration);
        return Task.FromResult(true);
    }

    public Task LeaveAsync(string token, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        if (lease?.Token == token)
        {
            lease = null;
        }

        windows.Remove(token);
        return Task.CompletedTask;
    }

    public Task ShareVerdictAsync(CanaryVerdict latest, TimeSpan keep, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        verdict = (latest.Kind, latest.Reason);
        return Task.CompletedTask;
    }

    public Task<(CanaryVerdictKind Kind, string Reason)?> ReadVerdictAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        return Task.FromResult(verdict);
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new CanaryStoreUnavailableException("unreachable (test)", new TimeoutException());
        }
    }
}
