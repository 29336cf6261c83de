using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Unit;

public sealed class CanaryAnalysisLoopTests
{
    [Fact]
    public async Task The_loop_runs_the_analysis_on_the_clock_and_rolls_back_a_failing_canary()
    {
        using var rig = new CanaryRig(initialWeight: 10);
        var loop = new CanaryAnalysisLoop(rig.Autopilot, rig.Windows, Options.Create(rig.Options), rig.Time, NullLogger<CanaryAnalysisLoop>.Instance);
        await loop.StartAsync(TestContext.Current.CancellationToken);

        // The loop starts its timer on its own task; each round of this test brings failing traffic and one interval of
        // fake time, until the loop has ticked. No sleep decides the outcome: only the fake clock makes the loop run.
        for (var round = 0; round < 200 && rig.Live.Current.State == CanaryState.Progressing; round++)
        {
            rig.Answer(CanaryVersion.V2, 60, failEvery: 10);
            rig.Time.Advance(rig.Options.Analysis.Interval);
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);
        Assert.Equal(0, rig.Live.Weights.V2);
        await loop.StopAsync(TestContext.Current.CancellationToken);
    }
}
