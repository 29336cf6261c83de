using ReferenceApp.Gateway.Telemetry;

namespace ReferenceApp.Gateway.Canary.State;

/// <summary>
/// This replica's copy of the shared <see cref="CanarySnapshot"/>. The load balancer reads it on every request,
/// so reading is a single volatile load; Redis (through <see cref="CanaryStateSync"/>) keeps it in line with the other replicas.
/// </summary>
public sealed class LiveCanaryState : ITrafficSplit
{
    private CanarySnapshot current;

    public LiveCanaryState(CanarySnapshot initial)
    {
        current = initial;
    }

    public CanarySnapshot Current => Volatile.Read(ref current);

    public CanaryWeights Weights => Current.Weights;

    /// <summary>The weight gauge's reading (<see cref="ITrafficSplit"/>).</summary>
    public IReadOnlyList<(string Version, int Percent)> CurrentShares()
    {
        var weights = Weights;
        return [(CanaryVersions.V1Name, weights.V1), (CanaryVersions.V2Name, weights.V2)];
    }

    /// <summary>Replaces the local copy; returns false when nothing changed, so callers log only real changes.</summary>
    public bool Replace(CanarySnapshot next) => !Equals(Interlocked.Exchange(ref current, next), next);

    /// <summary>Replaces the state only if it is still <paramref name="seen"/>: a read of Redis that raced a change made here loses.</summary>
    public bool ReplaceIfUnchanged(CanarySnapshot seen, CanarySnapshot next) =>
        !Equals(seen, next) && ReferenceEquals(Interlocked.CompareExchange(ref current, next, seen), seen);
}
