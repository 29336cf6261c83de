using System.Globalization;
using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>Judges v2's measures against the thresholds in Canary:Analysis. Pure: the same measures always give the same verdict.</summary>
public sealed class CanaryAnalyzer(IOptionsMonitor<CanaryOptions> options)
{
    public CanaryVerdict Judge(TrafficSummary canary)
    {
        var analysis = options.CurrentValue.Analysis;
        if (canary.Requests < analysis.MinimumRequests)
        {
            return new CanaryVerdict(CanaryVerdictKind.Inconclusive, canary,
                Describe($"{canary.Requests} of {analysis.MinimumRequests} requests needed"));
        }

        if (canary.SuccessRate < analysis.MinimumSuccessRate)
        {
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
