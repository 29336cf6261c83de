using Microsoft.Extensions.Time.Testing;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Unit;

/// <summary>Every outcome to its version and one verdict for all replicas (issue 14, items 2 and 3), on a fake clock.</summary>
public sealed class SharedAnalysisUnitTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_v2_marked_down_is_rolled_back_at_the_next_round_without_its_minimum_sample()
    {
        using var rig = new CanaryRig(initialWeight: 10);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V1, 100);
        rig.Answer(CanaryVersion.V2, 3, failEvery: 1);
        rig.Health.V2Down = true;

        var verdict = await rig.Autopilot.RunOnceAsync(Cancellation);

        Assert.Equal(CanaryVerdictKind.Failing, verdict?.Kind);
        Assert.Equal((CanaryState.RolledBack, 0), (rig.Live.Current.State, rig.Live.Weights.V2));
        Assert.Contains("marked down by health checks", rig.Live.Current.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_versions_marked_down_hold_the_canary()
    {
        using var rig = new CanaryRig(initialWeight: 10);
        rig.Health.V1Down = rig.Health.V2Down = true;

        var verdict = await rig.Autopilot.RunOnceAsync(Cancellation);

        Assert.Equal(CanaryVerdictKind.Held, verdict?.Kind);
        Assert.Equal((CanaryState.Progressing, 10), (rig.Live.Current.State, rig.Live.Weights.V2));
    }

    [Fact]
    public async Task Two_replicas_each_below_the_minimum_sample_are_judged_on_their_sum()
    {
        var decisions = new InMemoryCanaryStateStore();
        var shared = new InMemoryCanaryAnalysisStore(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 1, TimeSpan.Zero)));
        using var a = new CanaryRig(initialWeight: 50, store: decisions, analysisStore: shared);
        using var b = new CanaryRig(initialWeight: 50, store: decisions, analysisStore: shared);
        foreach (var replica in new[] { a, b })
        {
            replica.Time.Advance(TimeSpan.FromSeconds(1));
            replica.Answer(CanaryVersion.V1, 30);
            replica.Answer(CanaryVersion.V2, 30, failEvery: 2); // 15 errors in 30: under the 50 requests needed alone
        }

        // a takes the lease and sees only itself; b publishes but does not decide; a then judges both.
        Assert.Equal(CanaryVerdictKind.Inconclusive, (await a.Autopilot.RunOnceAsync(Cancellation))?.Kind);
        Assert.Null(await b.Autopilot.RunOnceAsync(Cancellation));
        var verdict = await a.Autopilot.RunOnceAsync(Cancellation);

        Assert.Equal(CanaryVerdictKind.Failing, verdict?.Kind);
        Assert.Contains("30 errors in 60 requests", verdict?.Reason, StringComparison.Ordinal);
        Assert.Contains("window of 2 gateway replicas", verdict?.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryState.RolledBack, decisions.Stored?.State);

        // b (not synchronised here, so still Progressing) shows the verdict of the replica that decided.
        await b.Autopilot.RunOnceAsync(Cancellation);
        Assert.Equal(CanaryVerdictKind.Failing, b.Autopilot.LastVerdict?.Kind);
    }

    [Fact]
    public async Task Without_the_shared_store_a_replica_judges_its_own_window()
    {
        using var rig = new CanaryRig(initialWeight: 10);
        rig.AnalysisStore.Unreachable = true;
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V1, 450);
        rig.Answer(CanaryVersion.V2, 50, failEvery: 5);

        var verdict = await rig.Autopilot.RunOnceAsync(Cancellation);

        Assert.Equal(CanaryVerdictKind.Failing, verdict?.Kind);
        Assert.Contains("this replica's window only", verdict?.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);
    }
}
