using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.Traffic;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Unit;

public sealed class CanaryAnalyzerTests
{
    private readonly CanaryAnalyzer analyzer = new(new StaticOptionsMonitor<CanaryOptions>(new CanaryOptions
    {
        Analysis = { MinimumRequests = 50, MinimumSuccessRate = 0.99, MaximumP99Milliseconds = 500 },
    }));

    [Fact]
    public void Too_few_requests_are_inconclusive_however_bad()
    {
        var verdict = analyzer.Judge(new TrafficSummary(49, 49, 10, 10_000));

        Assert.Equal(CanaryVerdictKind.Inconclusive, verdict.Kind);
    }

    [Fact]
    public void A_success_rate_below_the_threshold_fails()
    {
        var verdict = analyzer.Judge(new TrafficSummary(100, 2, 10, 20));

        Assert.Equal(CanaryVerdictKind.Failing, verdict.Kind);
        Assert.Contains("success rate 98.00%", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_p99_above_the_limit_fails()
    {
        var verdict = analyzer.Judge(new TrafficSummary(100, 0, 10, 600));

        Assert.Equal(CanaryVerdictKind.Failing, verdict.Kind);
        Assert.Contains("p99", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_at_the_thresholds_is_healthy()
    {
        var verdict = analyzer.Judge(new TrafficSummary(100, 1, 10, 500));

        Assert.Equal(CanaryVerdictKind.Healthy, verdict.Kind);
    }
}
