using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Telemetry;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// One step of the automatic analysis, like Flagger's: while the canary is Progressing, a failing v2 is rolled back
/// (weight 0, RolledBack); a healthy v2 that held a step for Canary:Promotion:StepInterval moves to the next step.
/// Only traffic since the last change counts, so a new weight is never judged on the previous one's requests, and the
/// traffic is every replica's (<see cref="SharedWindows"/>): one replica at a time decides, under the analysis lease.
/// </summary>
public sealed partial class CanaryAutopilot(
    LiveCanaryState live,
    SharedWindows windows,
    CanaryAnalyzer analyzer,
    CanaryCoordinator coordinator,
    GatewayMetrics metrics,
    IOptionsMonitor<CanaryOptions> options,
    TimeProvider time,
    ILogger<CanaryAutopilot> logger)
{
    /// <summary>This replica's latest verdict while the canary was analysed (null before the first), for the admin document.</summary>
    public CanaryVerdict? LastVerdict { get; private set; }

    // Rounds in a row that found v2 too slow, for the weights set at latencyRoundsFor (a new weight starts again).
    private int latencyRounds;
    private DateTimeOffset latencyRoundsFor;

    public async Task<CanaryVerdict?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var snapshot = live.Current;
        if (snapshot.State != CanaryState.Progressing || !options.CurrentValue.Analysis.Enabled)
        {
            latencyRounds = 0;
            return null;
        }

        var measures = await windows.GatherAsync(snapshot, cancellationToken);
        if (measures is null)
        {
            // Another replica holds the lease and decides for all; this one shows that replica's verdict. Its own slow
            // rounds are no longer "in a row" once another replica judged in between.
            latencyRounds = 0;
            LastVerdict = await windows.ReadSharedVerdictAsync(cancellationToken) ?? LastVerdict;
            return null;
        }

        var judged = ConfirmLatency(analyzer.Judge(measures.V2, measures.V1), snapshot);
        var verdict = judged with { Reason = $"{judged.Reason}; {measures.Scope}" };
        LastVerdict = verdict;
        if (measures.Shared)
        {
            await windows.ShareAsync(verdict, cancellationToken);
        }

        if (verdict.Kind == CanaryVerdictKind.Held)
        {
            // Neither rollback nor promotion while both versions fail: the state stays, the document and a metric say why.
            metrics.Held();
            LogHeld(logger, verdict.Reason);
        }
        else if (verdict.Kind == CanaryVerdictKind.Failing)
        {
            var measured = verdict.Measured;
            LogRollingBack(logger, snapshot.Weights.V2, measured.Requests, measured.Errors, measured.SuccessRate, measured.P99Milliseconds, verdict.Reason);
            await coordinator.RollBackAsync("automatic rollback: " + verdict.Reason, automatic: true, cancellationToken);
        }
        else if (verdict.Kind == CanaryVerdictKind.Healthy && NextStep(snapshot) is { } next)
        {
            await coordinator.SetWeightAsync(next, $"automatic promotion step to {next}%: {verdict.Reason}", automatic: true, cancellationToken);
        }

        return verdict;
    }

    /// <summary>A latency failure rolls back only once it lasted LatencyRoundsToFail rounds; until then it is no verdict yet.</summary>
    private CanaryVerdict ConfirmLatency(CanaryVerdict verdict, CanarySnapshot snapshot)
    {
        if (verdict.Kind != CanaryVerdictKind.Failing || !verdict.LatencyOnly)
        {
            latencyRounds = 0;
            return verdict;
        }

        if (latencyRoundsFor != snapshot.UpdatedAt)
        {
            (latencyRounds, latencyRoundsFor) = (0, snapshot.UpdatedAt);
        }

        latencyRounds++;
        var needed = options.CurrentValue.Analysis.LatencyRoundsToFail;
        return latencyRounds >= needed
            ? verdict with { Reason = $"{verdict.Reason}, {latencyRounds} rounds in a row" }
            : verdict with { Kind = CanaryVerdictKind.Inconclusive, Reason = $"{verdict.Reason} (round {latencyRounds} of {needed} before a rollback on latency)" };
    }

    private int? NextStep(CanarySnapshot snapshot)
    {
        var promotion = options.CurrentValue.Promotion;
        if (!promotion.Enabled || time.GetUtcNow() - snapshot.UpdatedAt < promotion.StepInterval)
        {
            return null;
        }

        foreach (var step in promotion.Steps)
        {
            if (step > snapshot.Weights.V2)
            {
                return Math.Min(step, CanaryWeights.Total);
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
        Message = "Canary rollback: v2 at {WeightV2}% failed analysis with {Requests} requests, {Errors} errors, success rate {SuccessRate:P2}, p99 {P99Milliseconds} ms: {Reason}")]
    private static partial void LogRollingBack(ILogger logger, int weightV2, int requests, int errors, double successRate, double p99Milliseconds, string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Canary analysis held, no rollback: {Reason}")]
    private static partial void LogHeld(ILogger logger, string reason);
}
