using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Unit;

/// <summary>Both versions failing together is an incident, not a verdict on v2 (issue 14, item 1).</summary>
public sealed class CanaryAutopilotHeldTests
{
    [Fact]
    public async Task When_both_versions_fail_alike_the_canary_is_held_not_rolled_back()
    {
        using var rig = new CanaryRig(new CanaryOptions { Analysis = { MinimumRequests = 50 } }, initialWeight: 10);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V1, 900, failEvery: 10);
        rig.Answer(CanaryVersion.V2, 100, failEvery: 10);

        var verdict = await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CanaryVerdictKind.Held, verdict?.Kind);
        Assert.Equal((CanaryState.Progressing, 10), (rig.Live.Current.State, rig.Live.Weights.V2));
        Assert.Equal(CanaryVerdictKind.Held, rig.Autopilot.LastVerdict?.Kind);
    }

    [Fact]
    public async Task When_only_v2_fails_the_canary_is_rolled_back()
    {
        using var rig = new CanaryRig(new CanaryOptions { Analysis = { MinimumRequests = 50 } }, initialWeight: 10);
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Answer(CanaryVersion.V1, 900);
        rig.Answer(CanaryVersion.V2, 100, failEvery: 10);

        var verdict = await rig.Autopilot.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CanaryVerdictKind.Failing, verdict?.Kind);
        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);
    }
}
