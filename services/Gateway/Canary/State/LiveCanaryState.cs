namespace ReferenceApp.Gateway.Canary.State;

/// <summary>
/// This replica's copy of the shared <see cref="CanarySnapshot"/>. The load balancer reads it on every request,
/// so reading is a single volatile load; Redis (through <see cref="CanaryStateSync"/>) keeps it in line with the other replicas.
/// </summary>
public sealed class LiveCanaryState
{
    private CanarySnapshot current;

    public LiveCanaryState(CanarySnapshot initial)
    {
        current = initial;
    }

    public CanarySnapshot Current => Volatile.Read(ref current);

    public CanaryWeights Weights => Current.Weights;

    /// <summary>Replaces the local copy; returns false when nothing changed, so callers log only real changes.</summary>
    public bool Replace(CanarySnapshot next) => !Equals(Interlocked.Exchange(ref current, next), next);
}
