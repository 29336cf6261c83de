using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Telemetry;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Unit;

public sealed class CanaryAutopilotTests
{
    [Fact]
    public async Task A_failing_canary_is_rolled_back_to_weight_zero_for_every_replica_and_counted()
    {
        using var rig = new CanaryRig(initialWeight: 10);
        using var rollbacks = new RollbackCounter(rig.MeterFactory);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V2, 60, failEvery: 20);

        var verdict = await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CanaryVerdictKind.Failing, verdict?.Kind);
        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);
        Assert.Equal(0, rig.Live.Weights.V2);
        Assert.StartsWith("automatic rollback", rig.Live.Current.Reason, StringComparison.Ordinal);
        Assert.Equal(rig.Live.Current, rig.Store.Stored);
        Assert.Equal(rig.Time.GetUtcNow(), rig.Live.Current.UpdatedAt);
        Assert.Equal(1, rollbacks.Count);
    }

    [Fact]
    public async Task No_verdict_before_the_minimum_request_count()
    {
        using var rig = new CanaryRig(initialWeight: 10);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V2, rig.Options.Analysis.MinimumRequests - 1, failEvery: 1);

        var verdict = await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CanaryVerdictKind.Inconclusive, verdict?.Kind);
        Assert.Equal(CanaryState.Progressing, rig.Live.Current.State);
    }

    [Fact]
    public async Task Failures_that_slid_out_of_the_window_no_longer_count()
    {
        using var rig = new CanaryRig(initialWeight: 10);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V2, 10, failEvery: 1);
        rig.Time.Advance(rig.Options.Analysis.Window);
        rig.Answer(CanaryVersion.V2, 60);

        var verdict = await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CanaryVerdictKind.Healthy, verdict?.Kind);
        Assert.Equal(CanaryState.Progressing, rig.Live.Current.State);
    }

    [Fact]
    public async Task A_new_weight_is_judged_only_on_its_own_traffic()
    {
        using var rig = new CanaryRig(initialWeight: 10);
        rig.Answer(CanaryVersion.V2, 60, failEvery: 2);
        await rig.Coordinator.RollBackAsync("test", automatic: false, TestContext.Current.CancellationToken);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        await rig.Coordinator.SetWeightAsync(10, "try again", TestContext.Current.CancellationToken);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V2, 60);

        var verdict = await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CanaryVerdictKind.Healthy, verdict?.Kind);
        Assert.Equal(CanaryState.Progressing, rig.Live.Current.State);
    }

    [Fact]
    public async Task Slow_answers_roll_back_too_once_they_last_the_rounds_needed()
    {
        using var rig = new CanaryRig(initialWeight: 25);
        var needed = rig.Options.Analysis.LatencyRoundsToFail;
        Assert.True(needed > 1, "the default must want more than one slow round");

        for (var round = 1; round < needed; round++)
        {
            rig.Time.Advance(TimeSpan.FromSeconds(1));
            rig.Answer(CanaryVersion.V2, 60, latencyMs: rig.Options.Analysis.MaximumP99Milliseconds * 2);
            var early = await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

            Assert.Equal(CanaryVerdictKind.Inconclusive, early?.Kind);
            Assert.Contains($"round {round} of {needed}", early?.Reason, StringComparison.Ordinal);
            Assert.Equal(CanaryState.Progressing, rig.Live.Current.State);
        }

        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V2, 60, latencyMs: rig.Options.Analysis.MaximumP99Milliseconds * 2);
        var verdict = await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CanaryVerdictKind.Failing, verdict?.Kind);
        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);
        Assert.Contains($"{needed} rounds in a row", rig.Live.Current.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_slow_round_between_healthy_ones_rolls_nothing_back()
    {
        var options = new CanaryOptions { Analysis = { LatencyRoundsToFail = 2, Window = TimeSpan.FromSeconds(10) } };
        using var rig = new CanaryRig(options, initialWeight: 25);

        // Slow, healthy, slow: never two slow rounds in a row. Each round's traffic is alone in the window.
        foreach (var latency in new[] { 5_000.0, 10, 5_000 })
        {
            rig.Time.Advance(options.Analysis.Window);
            rig.Answer(CanaryVersion.V2, 60, latencyMs: latency);
            await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(CanaryState.Progressing, rig.Live.Current.State);

        rig.Time.Advance(options.Analysis.Window);
        rig.Answer(CanaryVersion.V2, 60, latencyMs: 5_000);
        await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);
    }

    [Fact]
    public async Task Slow_rounds_are_in_a_row_only_while_the_same_replica_keeps_judging()
    {
        var storeTime = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 1, TimeSpan.Zero));
        var shared = new InMemoryCanaryAnalysisStore(storeTime);
        var decisions = new InMemoryCanaryStateStore();
        var options = new CanaryOptions { Analysis = { LatencyRoundsToFail = 2 } };
        using var a = new CanaryRig(options, initialWeight: 25, store: decisions, analysisStore: shared);
        using var b = new CanaryRig(options, initialWeight: 25, store: decisions, analysisStore: shared);
        var lease = a.Windows.LeaseDuration + TimeSpan.FromSeconds(1);
        a.Time.Advance(TimeSpan.FromSeconds(1));
        a.Answer(CanaryVersion.V2, 60, latencyMs: 5_000);

        Assert.Contains("round 1 of 2", (await a.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken))?.Reason, StringComparison.Ordinal);
        storeTime.Advance(lease);
        await b.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken); // b takes the lease and judges
        Assert.Null(await a.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken)); // a does not
        storeTime.Advance(lease);
        var verdict = await a.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken); // a again, still slow

        Assert.Contains("round 1 of 2", verdict?.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryState.Progressing, a.Live.Current.State);
    }

    [Fact]
    public async Task Errors_roll_back_in_the_first_round_whatever_the_latency_rounds()
    {
        var options = new CanaryOptions { Analysis = { LatencyRoundsToFail = 5 } };
        using var rig = new CanaryRig(options, initialWeight: 25);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V2, 60, failEvery: 5, latencyMs: 5_000);

        var verdict = await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CanaryVerdictKind.Failing, verdict?.Kind);
        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);
    }

    [Fact]
    public async Task A_healthy_canary_is_promoted_step_by_step_after_each_step_interval()
    {
        var options = new CanaryOptions { Promotion = { Enabled = true, Steps = [10, 25, 50, 100], StepInterval = TimeSpan.FromMinutes(2) } };
        using var rig = new CanaryRig(options, initialWeight: 10);
        var seen = new List<int>();

        for (var round = 0; round < 4; round++)
        {
            rig.Time.Advance(TimeSpan.FromMinutes(1));
            rig.Answer(CanaryVersion.V2, 60);
            await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);
            Assert.Equal(seen.LastOrDefault(10), rig.Live.Weights.V2); // a minute is not a step interval yet

            rig.Time.Advance(TimeSpan.FromMinutes(1));
            rig.Answer(CanaryVersion.V2, 60);
            await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);
            seen.Add(rig.Live.Weights.V2);
        }

        Assert.Equal([25, 50, 100, 100], seen);
        Assert.Equal(CanaryState.Promoted, rig.Live.Current.State);
    }

    [Fact]
    public async Task Only_a_progressing_canary_is_judged()
    {
        using var rig = new CanaryRig(initialWeight: 0);
        rig.Answer(CanaryVersion.V2, 100, failEvery: 1);

        Assert.Null(await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken));
        Assert.Equal(CanaryState.Stable, rig.Live.Current.State);
    }

    /// <summary>Listens to the rollbacks counter of the gateway meter.</summary>
    private sealed class RollbackCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private long count;

        public RollbackCounter(IMeterFactory scope)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == scope && instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "referenceapp.gateway.canary.rollbacks")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
            listener.Start();
        }

        public long Count => Interlocked.Read(ref count);

        public void Dispose() => listener.Dispose();
    }
}
