using ReferenceApp.Gateway.Telemetry;

namespace ReferenceApp.Gateway.Canary.State;

/// <summary>
/// The only writer of canary decisions: operators (admin API), configuration and the autopilot all change the weights here,
/// which stores the decision for every replica, applies it locally at once and leaves a log line.
/// </summary>
public sealed partial class CanaryCoordinator(
    LiveCanaryState live, ICanaryStateStore store, GatewayMetrics metrics, TimeProvider time, ILogger<CanaryCoordinator> logger)
{
    public Task<CanarySnapshot> SetWeightAsync(int v2, string reason, CancellationToken cancellationToken)
    {
        var weights = new CanaryWeights(v2);
        return ChangeAsync(live.Current with { State = CanarySnapshot.StateFor(weights), Weights = weights, Reason = reason }, cancellationToken);
    }

    /// <summary>A change of Canary:Weight, remembered as the configured weight so restarts do not re-apply it over later admin changes.</summary>
    public Task<CanarySnapshot> ApplyConfiguredWeightAsync(int v2, string reason, CancellationToken cancellationToken)
    {
        var weights = new CanaryWeights(v2);
        var next = new CanarySnapshot(CanarySnapshot.StateFor(weights), weights, time.GetUtcNow(), reason, v2);
        return ChangeAsync(next, cancellationToken);
    }

    public async Task<CanarySnapshot> RollBackAsync(string reason, bool automatic, CancellationToken cancellationToken)
    {
        var snapshot = await ChangeAsync(
            live.Current with { State = CanaryState.RolledBack, Weights = CanaryWeights.AllOnStable, Reason = reason }, cancellationToken);
        metrics.RolledBack(automatic);
        return snapshot;
    }

    public Task<CanarySnapshot> PromoteAsync(string reason, CancellationToken cancellationToken) =>
        ChangeAsync(live.Current with { State = CanaryState.Promoted, Weights = new CanaryWeights(CanaryWeights.Total), Reason = reason }, cancellationToken);

    private async Task<CanarySnapshot> ChangeAsync(CanarySnapshot next, CancellationToken cancellationToken)
    {
        next = next with { UpdatedAt = time.GetUtcNow() };
        await store.WriteAsync(next, cancellationToken);
        live.Replace(next);
        LogChanged(logger, next.State, next.Weights.V1, next.Weights.V2, next.Reason);
        return next;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Canary is now {CanaryState} with v1 {WeightV1}% / v2 {WeightV2}%: {Reason}")]
    private static partial void LogChanged(ILogger logger, CanaryState canaryState, int weightV1, int weightV2, string reason);
}
