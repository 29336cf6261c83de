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

    [Fact]
    public void The_shared_outage_of_issue_14_is_held_not_rolled_back()
    {
        // Weight 10, payments killed: v2 1 error in 87 (98.85 %), v1 9 in 783 (1.15 %). Same rate: z = 0.00.
        var verdict = analyzer.Judge(new TrafficSummary(87, 1, 10, 20), new TrafficSummary(783, 9, 10, 20));

        Assert.Equal(CanaryVerdictKind.Held, verdict.Kind);
        Assert.StartsWith("Held: both versions failing", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_failing_with_v2_somewhat_worse_but_not_significantly_is_held()
    {
        // v1 60 errors in 600 (10 %), v2 8 in 60 (13.3 %): pooled p = 68/660 = 0.1030,
        // SE = sqrt(0.1030 × 0.8970 × (1/600 + 1/60)) = 0.0412, z = (0.1333 - 0.1) / 0.0412 = 0.81 < 2.326.
        Assert.Equal(0.81, TwoProportionTest.Z(60, 600, 8, 60), precision: 2);

        var verdict = analyzer.Judge(new TrafficSummary(60, 8, 10, 20), new TrafficSummary(600, 60, 10, 20));

        Assert.Equal(CanaryVerdictKind.Held, verdict.Kind);
    }

    [Fact]
    public void V2_failing_significantly_more_than_a_failing_v1_is_rolled_back()
    {
        // v1 60 errors in 600 (10 %), v2 20 in 60 (33.3 %): pooled p = 80/660 = 0.1212,
        // SE = sqrt(0.1212 × 0.8788 × 0.01833) = 0.0442, z = 0.2333 / 0.0442 = 5.28 ≥ 2.326.
        Assert.Equal(5.28, TwoProportionTest.Z(60, 600, 20, 60), precision: 2);

        var verdict = analyzer.Judge(new TrafficSummary(60, 20, 10, 20), new TrafficSummary(600, 60, 10, 20));

        Assert.Equal(CanaryVerdictKind.Failing, verdict.Kind);
    }

    [Fact]
    public void V2_failing_while_v1_is_healthy_is_rolled_back()
    {
        // v1 0 errors in 450, v2 10 in 50 (20 %): pooled p = 10/500 = 0.02, SE = sqrt(0.02 × 0.98 × (1/450 + 1/50)) = 0.0209, z = 9.58.
        Assert.Equal(9.58, TwoProportionTest.Z(0, 450, 10, 50), precision: 2);

        var verdict = analyzer.Judge(new TrafficSummary(50, 10, 10, 20), new TrafficSummary(450, 0, 10, 20));

        Assert.Equal(CanaryVerdictKind.Failing, verdict.Kind);
    }

    [Fact]
    public void A_v1_below_the_minimum_sample_does_not_shield_v2()
    {
        // v1 fails as much (5 of 49) but has fewer than the 50 requests needed to compare: the absolute limit decides.
        var verdict = analyzer.Judge(new TrafficSummary(100, 10, 10, 20), new TrafficSummary(49, 5, 10, 20));

        Assert.Equal(CanaryVerdictKind.Failing, verdict.Kind);
    }
}
