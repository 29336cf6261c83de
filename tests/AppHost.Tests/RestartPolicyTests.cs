using Microsoft.Extensions.Configuration;
using ReferenceApp.AppHost.SelfHealing;

namespace ReferenceApp.AppHost.Tests;

public class RestartPolicyTests
{
    [Fact]
    public void The_delay_doubles_from_one_second_up_to_the_cap()
    {
        var policy = new RestartPolicy();

        var delays = Enumerable.Range(1, 8).Select(attempt => policy.DelayBefore(attempt).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void Settings_come_from_the_SelfHealing_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SelfHealing:Enabled"] = "false",
            ["SelfHealing:InitialDelay"] = "00:00:00.500",
            ["SelfHealing:MaxDelay"] = "00:00:05",
        }).Build();

        var policy = RestartPolicy.From(configuration);

        Assert.False(policy.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(4), policy.DelayBefore(4));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBefore(5));
    }

    [Theory]
    [InlineData(ExitKind.OnItsOwn, "Running", "Finished")] // kill -9, a crash
    [InlineData(ExitKind.Stopped, "Running", "Stopping", "Finished")] // an operator's Stop, or Restart
    [InlineData(ExitKind.Stopped, "Running", "Terminated")]
    [InlineData(ExitKind.OnItsOwn, "Running", "Stopping", "Finished", "Starting", "Running", "Finished")] // started again, then crashed
    [InlineData(ExitKind.None, "Starting", "Running")]
    [InlineData(ExitKind.FailedToStart, "Running", "Finished", "Starting", "FailedToStart")] // a restart that did not come up
    public void Only_a_process_that_ended_by_itself_is_restarted(ExitKind last, params string[] states)
    {
        var exits = new ExitObserver();

        var kinds = states.Select(exits.Observe).ToList();

        Assert.Equal(last, kinds[^1]);
    }
}
