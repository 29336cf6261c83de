using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Unit;

public sealed class VersionTrafficWindowTests
{
    [Fact]
    public void Counts_requests_and_5xx_answers_per_version()
    {
        using var rig = new CanaryRig();
        rig.Answer(CanaryVersion.V2, 100, failEvery: 10);
        rig.Answer(CanaryVersion.V1, 40);
        rig.Traffic.Record(CanaryVersion.V1, 404, TimeSpan.FromMilliseconds(3));

        var v2 = rig.Traffic.Summarize(CanaryVersion.V2);
        var v1 = rig.Traffic.Summarize(CanaryVersion.V1);

        Assert.Equal((100, 10), (v2.Requests, v2.Errors));
        Assert.Equal(0.1, v2.ErrorRate, 3);
        Assert.Equal((41, 0), (v1.Requests, v1.Errors));
    }

    [Fact]
    public void Answers_leave_the_window_once_it_has_slid_past_them()
    {
        using var rig = new CanaryRig();
        rig.Answer(CanaryVersion.V2, 30, failEvery: 1);

        rig.Time.Advance(rig.Options.Analysis.Window - TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V2, 20);
        Assert.Equal((50, 30), (rig.Traffic.Summarize(CanaryVersion.V2).Requests, rig.Traffic.Summarize(CanaryVersion.V2).Errors));

        rig.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((20, 0), (rig.Traffic.Summarize(CanaryVersion.V2).Requests, rig.Traffic.Summarize(CanaryVersion.V2).Errors));

        rig.Time.Advance(rig.Options.Analysis.Window);
        Assert.Equal(0, rig.Traffic.Summarize(CanaryVersion.V2).Requests);
    }

    [Fact]
    public void Summarizing_since_a_change_ignores_the_answers_before_it()
    {
        using var rig = new CanaryRig();
        rig.Answer(CanaryVersion.V2, 30, failEvery: 1);
        rig.Time.Advance(TimeSpan.FromSeconds(5));
        var change = rig.Time.GetUtcNow();
        rig.Answer(CanaryVersion.V2, 10);

        Assert.Equal((10, 0), (rig.Traffic.Summarize(CanaryVersion.V2, change).Requests, rig.Traffic.Summarize(CanaryVersion.V2, change).Errors));
    }

    [Fact]
    public void Percentiles_come_from_the_latencies_within_a_fifth()
    {
        using var rig = new CanaryRig();
        rig.Answer(CanaryVersion.V2, 98, latencyMs: 20);
        rig.Answer(CanaryVersion.V2, 2, latencyMs: 900);

        var summary = rig.Traffic.Summarize(CanaryVersion.V2);

        Assert.InRange(summary.P50Milliseconds, 20, 24);
        Assert.InRange(summary.P99Milliseconds, 900, 1080);
    }
}
