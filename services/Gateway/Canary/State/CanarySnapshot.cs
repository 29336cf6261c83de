namespace ReferenceApp.Gateway.Canary.State;

/// <summary>
/// The shared canary decision: what every replica routes by. Immutable, so the hot path reads it with one volatile load.
/// </summary>
/// <param name="ConfiguredWeight">The Canary:Weight this decision last took from configuration, so a replica starting with a
/// different configured weight knows the configuration changed since (see docs/gateway.md, precedence).</param>
/// <param name="Version">The decision's generation: each change is one more than the decision it replaced, so the store can
/// refuse a write based on an older decision (a replica that was cut off from Redis) instead of letting it undo a newer one.</param>
public sealed record CanarySnapshot(CanaryState State, CanaryWeights Weights, DateTimeOffset UpdatedAt, string Reason, int ConfiguredWeight, long Version = 0)
{
    /// <summary>The state an operator means by a plain weight: 0 is no canary, 100 is fully promoted, anything between is a running canary.</summary>
    public static CanaryState StateFor(CanaryWeights weights) => weights.V2 switch
    {
        0 => CanaryState.Stable,
        CanaryWeights.Total => CanaryState.Promoted,
        _ => CanaryState.Progressing,
    };

    public static CanarySnapshot FromConfiguration(int weight, DateTimeOffset now) =>
        new(StateFor(new CanaryWeights(weight)), new CanaryWeights(weight), now, "weight from configuration (Canary:Weight)", weight);
}
