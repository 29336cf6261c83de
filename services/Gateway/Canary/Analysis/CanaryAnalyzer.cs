using System.Globalization;
using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// Judges v2 against v1 over the same window, with the absolute limits of Canary:Analysis as the outer guard
/// (docs/gateway.md, "Automatic analysis and rollback"). Pure: the same measures always give the same verdict.
/// </summary>
public sealed class CanaryAnalyzer(IOptionsMonitor<CanaryOptions> options)
{
    /// <summary>A p99 read from fewer answers is just the slowest one.</summary>
    public const int MinimumRequestsForP99 = 100;

    /// <summary>v2 alone, as when v1 has no traffic to compare with: the absolute limits decide.</summary>
    public CanaryVerdict Judge(TrafficSummary canary) => Judge(canary, default);

    public CanaryVerdict Judge(TrafficSummary canary, TrafficSummary stable)
    {
        var analysis = options.CurrentValue.Analysis;

        // Health checks took v2 out: it gets (almost) no traffic, so it would never reach the minimum sample.
        if (canary.MarkedDown)
        {
            if (stable.MarkedDown)
            {
                return new CanaryVerdict(CanaryVerdictKind.Held, canary, "Held: both versions failing (both marked down by health checks)");
            }

            // Passive health marks versions down one after the other in a shared outage (v2, with less traffic, may go
            // first): a v1 failing beyond the limit at the same time says the cause is shared.
            return stable.Requests >= analysis.MinimumRequests && stable.SuccessRate < analysis.MinimumSuccessRate
                ? new CanaryVerdict(CanaryVerdictKind.Held, canary,
                    Describe($"Held: both versions failing (v2 marked down by health checks, v1 {stable.ErrorRate * 100:F2}% errors in {stable.Requests} requests)"))
                : new CanaryVerdict(CanaryVerdictKind.Failing, canary, "v2 marked down by health checks (unreachable or failing its /alive probe) while v1 is up");
        }

        if (canary.Requests < analysis.MinimumRequests)
        {
            return new CanaryVerdict(CanaryVerdictKind.Inconclusive, canary,
                Describe($"{canary.Requests} of {analysis.MinimumRequests} requests needed"));
        }

        // v1 is the control only with its own minimum sample, and only while it is up: a quiet v1 never shields a bad v2.
        var comparable = stable.Requests >= analysis.MinimumRequests && !stable.MarkedDown;
        return JudgeErrors(canary, stable, comparable, analysis)
            ?? JudgeLatency(canary, stable, comparable, analysis)
            ?? new CanaryVerdict(CanaryVerdictKind.Healthy, canary,
                Describe($"v2 healthy: success rate {canary.SuccessRate * 100:F2}%, p95 {canary.P95Milliseconds:F0} ms, p99 {canary.P99Milliseconds:F0} ms over {canary.Requests} requests"));
    }

    private static CanaryVerdict? JudgeErrors(TrafficSummary canary, TrafficSummary stable, bool comparable, CanaryAnalysisOptions analysis)
    {
        // Outer guard: within the absolute limit v2 is never rolled back on errors, however significant a small difference.
        if (canary.SuccessRate >= analysis.MinimumSuccessRate)
        {
            return null;
        }

        var measured = Describe($"v2 success rate {canary.SuccessRate * 100:F2}% below {analysis.MinimumSuccessRate * 100:F2}% ({canary.Errors} errors in {canary.Requests} requests)");
        if (!comparable)
        {
            return new CanaryVerdict(CanaryVerdictKind.Failing, canary, measured);
        }

        var comparison = ErrorRateComparison.Of(stable.Errors, stable.Requests, canary.Errors, canary.Requests);
        var against = Describe($"v1 {stable.ErrorRate * 100:F2}% errors in {stable.Requests} requests; {comparison}, {1 - analysis.Confidence:0.####} needed");
        if (comparison.IsSignificantAt(analysis.Confidence))
        {
            return new CanaryVerdict(CanaryVerdictKind.Failing, canary, $"{measured} and significantly worse than v1 ({against})");
        }

        // Not significantly worse than v1. If v1 breaks the limit too, this is a shared incident (say payments down).
        return stable.SuccessRate < analysis.MinimumSuccessRate
            ? new CanaryVerdict(CanaryVerdictKind.Held, canary,
                Describe($"Held: both versions failing (v2 {canary.ErrorRate * 100:F2}% errors in {canary.Requests} requests, {against})"))
            : new CanaryVerdict(CanaryVerdictKind.Inconclusive, canary, $"{measured} but not significantly worse than v1 yet ({against})");
    }

    private static CanaryVerdict? JudgeLatency(TrafficSummary canary, TrafficSummary stable, bool comparable, CanaryAnalysisOptions analysis)
    {
        if (comparable && analysis.MaximumLatencyRatio > 0)
        {
            if (SlowerThan(canary.P95Milliseconds, stable.P95Milliseconds, analysis) is { } p95)
            {
                return new CanaryVerdict(CanaryVerdictKind.Failing, canary, Describe($"v2 p95 latency {p95} over {canary.Requests} requests"), LatencyOnly: true);
            }

            if (canary.Requests >= MinimumRequestsForP99 && stable.Requests >= MinimumRequestsForP99
                && SlowerThan(canary.P99Milliseconds, stable.P99Milliseconds, analysis) is { } p99)
            {
                return new CanaryVerdict(CanaryVerdictKind.Failing, canary, Describe($"v2 p99 latency {p99} over {canary.Requests} requests"), LatencyOnly: true);
            }
        }

        if (analysis.MaximumP99Milliseconds > 0 && canary.P99Milliseconds > analysis.MaximumP99Milliseconds)
        {
            // v2 is not slower than v1 by the ratio (checked above): if v1 is as slow, the cause is shared.
            return comparable && stable.P99Milliseconds > analysis.MaximumP99Milliseconds
                ? new CanaryVerdict(CanaryVerdictKind.Held, canary,
                    Describe($"Held: both versions failing (p99 above {analysis.MaximumP99Milliseconds} ms: v2 {canary.P99Milliseconds:F0} ms, v1 {stable.P99Milliseconds:F0} ms)"))
                : new CanaryVerdict(CanaryVerdictKind.Failing, canary,
                    Describe($"v2 p99 latency {canary.P99Milliseconds:F0} ms above {analysis.MaximumP99Milliseconds} ms over {canary.Requests} requests"),
                    LatencyOnly: true);
        }

        return null;
    }

    private static string? SlowerThan(double canary, double stable, CanaryAnalysisOptions analysis) =>
        canary > stable * analysis.MaximumLatencyRatio && canary - stable > analysis.LatencyToleranceMilliseconds
            ? Describe($"{canary:F0} ms is {canary / Math.Max(stable, 1):F1}× v1's {stable:F0} ms (limit {analysis.MaximumLatencyRatio:0.##}×, and {analysis.LatencyToleranceMilliseconds} ms)")
            : null;

    private static string Describe(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
