using System.Globalization;
using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// Judges v2's measures against the thresholds in Canary:Analysis and against v1 over the same window (docs/gateway.md,
/// "Both versions failing"). Pure: the same measures always give the same verdict.
/// </summary>
public sealed class CanaryAnalyzer(IOptionsMonitor<CanaryOptions> options)
{
    /// <summary>v2 alone, as when v1 has no traffic to compare with: the absolute limits decide.</summary>
    public CanaryVerdict Judge(TrafficSummary canary) => Judge(canary, default);

    public CanaryVerdict Judge(TrafficSummary canary, TrafficSummary stable)
    {
        var analysis = options.CurrentValue.Analysis;
        if (canary.Requests < analysis.MinimumRequests)
        {
            return new CanaryVerdict(CanaryVerdictKind.Inconclusive, canary,
                Describe($"{canary.Requests} of {analysis.MinimumRequests} requests needed"));
        }

        if (canary.SuccessRate < analysis.MinimumSuccessRate)
        {
            // A shared outage (say payments down) fails both versions alike: hold rather than blame v2. Only with v1's
            // minimum sample, so a v1 too quiet to compare never shields a bad v2.
            if (stable.Requests >= analysis.MinimumRequests)
            {
                var z = TwoProportionTest.Z(stable.Errors, stable.Requests, canary.Errors, canary.Requests);
                if (z < TwoProportionTest.Z99)
                {
                    return new CanaryVerdict(CanaryVerdictKind.Held, canary,
                        Describe($"Held: both versions failing (v2 {canary.ErrorRate * 100:F2}% errors in {canary.Requests} requests, v1 {stable.ErrorRate * 100:F2}% in {stable.Requests}; z = {z:F2} < {TwoProportionTest.Z99} for 99% confidence that v2 is worse)"));
                }
            }

            return new CanaryVerdict(CanaryVerdictKind.Failing, canary,
                Describe($"v2 success rate {canary.SuccessRate * 100:F2}% below {analysis.MinimumSuccessRate * 100:F2}% ({canary.Errors} errors in {canary.Requests} requests)"));
        }

        if (analysis.MaximumP99Milliseconds > 0 && canary.P99Milliseconds > analysis.MaximumP99Milliseconds)
        {
            return new CanaryVerdict(CanaryVerdictKind.Failing, canary,
                Describe($"v2 p99 latency {canary.P99Milliseconds:F0} ms above {analysis.MaximumP99Milliseconds} ms over {canary.Requests} requests"));
        }

        return new CanaryVerdict(CanaryVerdictKind.Healthy, canary,
            Describe($"v2 healthy: success rate {canary.SuccessRate * 100:F2}%, p99 {canary.P99Milliseconds:F0} ms over {canary.Requests} requests"));
    }

    private static string Describe(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
