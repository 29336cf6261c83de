using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReferenceApp.AppHost;

/// <summary>
/// Logs one line when every resource is healthy. "Distributed application started" comes before the databases are
/// ready; this line is the moment a person can use the system (and what the start-up benchmark waits for).
/// A resource that exits or fails to start before that is named in an error, instead of leaving everything waiting in silence.
/// </summary>
public static class SystemReadyAnnouncement
{
    public const string ReadyMessage = "ReferenceApp is ready";

    public static void AnnounceWhenReady(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return;
        }

        // BeforeStartEvent, not AfterResourcesCreatedEvent: the latter waits for every dependency, so it never comes when one fails.
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var services = @event.Services;
            var notifications = services.GetRequiredService<ResourceNotificationService>();
            var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ReferenceApp.AppHost");
            // Hidden helpers (the dashboard, project rebuilders) are not part of the system a person uses.
            var resources = @event.Model.Resources.Where(r => r is not ParameterResource).Select(r => r.Name).ToArray();

            // Failures before this moment mean the system cannot start; after it, self-healing restarts what exits.
            var ready = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var readyToken = ready.Token;
            var timeline = StartupTimeline.Watch(notifications, readyToken);
            _ = Task.Run(async () =>
            {
                try
                {
                    var used = await Task.WhenAll(resources.Select(name => WaitUntilHealthyUnlessHiddenAsync(notifications, name, stopping)));
                    var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
                    logger.LogInformation("{ReadyMessage}: all {Count} resources healthy, {Seconds:F1} s after the AppHost started",
                        ReadyMessage, used.Count(u => u), sinceStart.TotalSeconds);
                    logger.LogInformation("Start-up timeline (seconds since the AppHost started):{Timeline}",
                        string.Concat(timeline.Describe(resources).Select(line => Environment.NewLine + "  " + line)));
                    foreach (var note in services.GetServices<ReadyNote>())
                    {
                        logger.LogInformation("{Note}", await note.DescribeAsync(stopping));
                    }

                    await ready.CancelAsync();
                }
                catch (OperationCanceledException)
                {
                    // Stopped before everything was ready: nothing to announce.
                }
            }, stopping);
            _ = Task.Run(() => ReportFailuresAsync(notifications, resources, logger, readyToken), stopping);
            return Task.CompletedTask;
        });
    }

    /// <summary>Hidden helpers (the dashboard, project rebuilders) are not part of the system a person uses: skipped.</summary>
    /// <summary>Something a person needs once the system is ready (e.g. the demo accounts), printed after the ready line.</summary>
    public sealed record ReadyNote(Func<CancellationToken, Task<string>> DescribeAsync);

    private static async Task<bool> WaitUntilHealthyUnlessHiddenAsync(ResourceNotificationService notifications, string name, CancellationToken stopping)
    {
        var first = await notifications.WaitForResourceAsync(name, _ => true, stopping);
        if (first.Snapshot.IsHidden)
        {
            return false;
        }

        await notifications.WaitForResourceHealthyAsync(name, stopping);
        return true;
    }

    private static async Task ReportFailuresAsync(
        ResourceNotificationService notifications, string[] resources, ILogger logger, CancellationToken stopping)
    {
        var reported = new HashSet<string>();
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                var state = update.Snapshot.State?.Text;
                if (resources.Contains(update.Resource.Name) &&
                    state is not null && KnownResourceStates.TerminalStates.Contains(state) &&
                    reported.Add(update.Resource.Name))
                {
                    logger.LogError("ReferenceApp cannot start: {Resource} is {State} (exit code {ExitCode}); its console output is in the dashboard",
                        update.Resource.Name, state, update.Snapshot.ExitCode);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The system is ready, or the AppHost is stopping.
        }
    }
}
