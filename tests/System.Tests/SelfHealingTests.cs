using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace ReferenceApp.SystemTests;

/// <summary>
/// Self-healing restarts what dies (ChaosTests) and leaves alone what an operator stops: DCP reports such a stop as
/// Stopping, then Finished with exit code 0, where a killed process goes straight from Running to Finished.
/// </summary>
[Collection(GarnetSystemCollection.Name)]
[Trait("Category", "Chaos")]
public sealed class SelfHealingTests(GarnetSystemFixture system)
{
    [Fact]
    public async Task A_service_an_operator_stops_stays_stopped_until_started_again()
    {
        var notifications = system.Host.App.ResourceNotifications;
        var commands = system.Host.App.Services.GetRequiredService<ResourceCommandService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var states = new ConcurrentQueue<string?>();
        var watching = Task.Run(async () =>
        {
            await foreach (var update in notifications.WatchAsync(timeout.Token).Where(u => u.Resource.Name == "payments"))
            {
                states.Enqueue(update.Snapshot.State?.Text);
            }
        });

        var restartsBefore = Restarts(notifications);
        var stopped = await commands.ExecuteCommandAsync("payments", KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(stopped.Success, stopped.Message);
        await notifications.WaitForResourceAsync("payments", e => e.Snapshot.State?.Text is "Finished" or "Terminated", timeout.Token);

        // Three times the restart policy's first two delays (1 s, then 2 s): a restart would have begun by now.
        await Task.Delay(TimeSpan.FromSeconds(9), timeout.Token);
        Assert.True(notifications.TryGetCurrentState("payments", out var current));
        Assert.True(current.Snapshot.State?.Text is "Finished" or "Terminated", "states seen: " + string.Join(" > ", states));
        Assert.Equal(restartsBefore, Restarts(notifications));

        var started = await commands.ExecuteCommandAsync("payments", KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(started.Success, started.Message);
        await notifications.WaitForResourceHealthyAsync("payments", timeout.Token);
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    private static object? Restarts(ResourceNotificationService notifications) =>
        notifications.TryGetCurrentState("payments", out var state)
            ? state.Snapshot.Properties.FirstOrDefault(p => p.Name == "referenceapp.restarts")?.Value
            : null;
}
