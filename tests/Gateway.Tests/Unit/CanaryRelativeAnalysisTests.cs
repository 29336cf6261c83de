using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.Traffic;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Unit;

/// <summary>v2 judged against v1 over the same window (issue 14, item 1); the worked numbers are those of docs/gateway.md.</summary>
public sealed class CanaryRelativeAnalysisTests
{
    private readonly CanaryAnalyzer analyzer = new(new StaticOptionsMonitor<CanaryOptions>(new CanaryOptions
    {
        Analysis =
        {
            MinimumRequests = 50, MinimumSuccessRate = 0.99, MaximumP99Milliseconds = 500,
            Confidence = 0.99, MaximumLatencyRatio = 1.5, LatencyToleranceMilliseconds = 50,
        },
    }));

    [Fact]
    public void Fishers_exact_test_gives_the_hypergeometric_tail()
    {
        // 0 errors in 450 for v1, 1 in 50 for v2: the one error lands on v2 with probability 50/500.
        Assert.Equal(0.1, FisherExactTest.OneSidedPValue(0, 450, 1, 50), precision: 6);
        // Two errors both on v2: C(50,2) / C(500,2) = 1225 / 124750.
        Assert.Equal(1225.0 / 124750, FisherExactTest.OneSidedPValue(0, 450, 2, 50), precision: 6);
        // v2 no worse than v1: the whole distribution.
        Assert.Equal(1.0, FisherExactTest.OneSidedPValue(5, 450, 0, 50), precision: 6);
    }

    [Fact]
    public void The_z_tests_p_value_is_the_normal_tail()
    {
        Assert.Equal(0.01, TwoProportionTest.OneSidedPValue(2.326), precision: 4);
        Assert.Equal(0.5, TwoProportionTest.OneSidedPValue(0), precision: 6);
    }

    [Fact]
    public void Small_counts_use_fishers_test_large_ones_the_z_test()
    {
        // Expected errors on v2: 50 × 1/500 = 0.1 < 5.
        Assert.Equal("Fisher's exact test", ErrorRateComparison.Of(0, 450, 1, 50).Test);
        // Expected errors on v2: 60 × 80/660 = 7.3 ≥ 5.
        Assert.Equal("two-proportion z-test", ErrorRateComparison.Of(60, 600, 20, 60).Test);
    }

    [Fact]
    public void One_error_in_the_minimum_sample_beside_a_clean_v1_is_not_yet_a_rollback()
    {
        // 98 % is below the 99 % limit, but one 503 in 50 is not evidence at 99 % confidence (p = 0.10); the z-test's
        // normal approximation would have said z = 3.0 and rolled back.
        var verdict = analyzer.Judge(new TrafficSummary(50, 1, 10, 20), new TrafficSummary(450, 0, 10, 20));

        Assert.Equal(CanaryVerdictKind.Inconclusive, verdict.Kind);
        Assert.Contains("not significantly worse than v1", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_errors_in_the_minimum_sample_beside_a_clean_v1_are_a_rollback()
    {
        var verdict = analyzer.Judge(new TrafficSummary(50, 2, 10, 20), new TrafficSummary(450, 0, 10, 20));

        Assert.Equal(CanaryVerdictKind.Failing, verdict.Kind);
        Assert.Contains("Fisher's exact test p = 0.0098", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v2_within_the_absolute_limit_is_not_rolled_back_however_significant_the_difference()
    {
        // 0.8 % errors against v1's 0.1 % over many requests is significant, but within the 99 % guard.
        var verdict = analyzer.Judge(new TrafficSummary(5000, 40, 10, 20), new TrafficSummary(45_000, 45, 10, 20));

        Assert.Equal(CanaryVerdictKind.Healthy, verdict.Kind);
    }

    [Fact]
    public void A_p95_more_than_the_ratio_above_v1s_is_a_rollback_within_the_absolute_limit()
    {
        // p99 400 ms is within the 500 ms guard, but v2's p95 of 300 ms is 3× v1's 100 ms.
        var verdict = analyzer.Judge(new TrafficSummary(100, 0, 50, 400, P95Milliseconds: 300), new TrafficSummary(900, 0, 50, 150, P95Milliseconds: 100));

        Assert.Equal(CanaryVerdictKind.Failing, verdict.Kind);
        Assert.Contains("p95 latency 300 ms is 3.0× v1's 100 ms", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ratio_within_the_tolerance_in_milliseconds_is_no_regression()
    {
        var verdict = analyzer.Judge(new TrafficSummary(100, 0, 5, 40, P95Milliseconds: 30), new TrafficSummary(900, 0, 2, 12, P95Milliseconds: 10));

        Assert.Equal(CanaryVerdictKind.Healthy, verdict.Kind);
    }

    [Fact]
    public void The_p99s_are_compared_only_once_both_versions_have_a_hundred_requests()
    {
        var fewer = analyzer.Judge(new TrafficSummary(60, 0, 10, 400, P95Milliseconds: 20), new TrafficSummary(99, 0, 10, 100, P95Milliseconds: 20));
        var enough = analyzer.Judge(new TrafficSummary(100, 0, 10, 400, P95Milliseconds: 20), new TrafficSummary(100, 0, 10, 100, P95Milliseconds: 20));

        Assert.Equal(CanaryVerdictKind.Healthy, fewer.Kind);
        Assert.Equal(CanaryVerdictKind.Failing, enough.Kind);
        Assert.Contains("p99 latency 400 ms is 4.0× v1's 100 ms", enough.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_versions_above_the_p99_guard_alike_is_held()
    {
        var verdict = analyzer.Judge(new TrafficSummary(100, 0, 300, 600, P95Milliseconds: 550), new TrafficSummary(900, 0, 300, 550, P95Milliseconds: 500));

        Assert.Equal(CanaryVerdictKind.Held, verdict.Kind);
        Assert.StartsWith("Held: both versions failing", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v2_marked_down_by_health_checks_is_failing_with_no_traffic_at_all()
    {
        var verdict = analyzer.Judge(new TrafficSummary(0, 0, 0, 0, MarkedDown: true), new TrafficSummary(10, 0, 10, 20));

        Assert.Equal(CanaryVerdictKind.Failing, verdict.Kind);
        Assert.Contains("marked down by health checks", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v2_marked_down_while_v1_fails_beyond_the_limit_is_held()
    {
        // Payments down: v2 (less traffic) taken out by passive health first, v1 failing as much but not marked down yet.
        var verdict = analyzer.Judge(new TrafficSummary(12, 6, 10, 20, MarkedDown: true), new TrafficSummary(200, 90, 10, 20));

        Assert.Equal(CanaryVerdictKind.Held, verdict.Kind);
        Assert.StartsWith("Held: both versions failing (v2 marked down", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_versions_marked_down_is_held()
    {
        var verdict = analyzer.Judge(new TrafficSummary(3, 3, 0, 0, MarkedDown: true), new TrafficSummary(30, 30, 10, 20, MarkedDown: true));

        Assert.Equal(CanaryVerdictKind.Held, verdict.Kind);
    }

    [Fact]
    public void Counts_add_up_across_replicas_and_survive_the_trip_through_the_store()
    {
        var first = new VersionCounts();
        first.Add(30, 15, Bins((LatencyHistogram.BinOf(10), 20), (LatencyHistogram.BinOf(900), 10)));
        var second = VersionCounts.Decode(first.Encode())!;
        var window = new ReplicaWindow("a", 7, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), first, second, false, true);

        var read = ReplicaWindow.Decode("a", window.Encode())!;
        var sum = new VersionCounts();
        sum.Add(read.V1);
        sum.Add(read.V2);

        Assert.Equal((7L, window.PublishedAt, false, true), (read.StateVersion, read.PublishedAt, read.V1MarkedDown, read.V2MarkedDown));
        Assert.Equal((60, 30), (sum.Requests, sum.Errors));
        Assert.Equal(first.ToSummary().P95Milliseconds, sum.ToSummary().P95Milliseconds);
        Assert.Null(ReplicaWindow.Decode("a", "w0|garbage"));
    }

    private static int[] Bins(params (int Bin, int Count)[] filled)
    {
        var bins = new int[LatencyHistogram.BinCount];
        foreach (var (bin, count) in filled)
        {
            bins[bin] = count;
        }

        return bins;
    }
}
