using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReferenceApp.AppHost;

/// <summary>
/// Logs one line when every resource is healthy. "Distributed application started" comes before the databases are
/// ready; this line is the moment a person can use the system (and what the start-up benchmark waits for).
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

        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, cancellationToken) =>
        {
            var services = @event.Services;
            var notifications = services.GetRequiredService<ResourceNotificationService>();
            var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ReferenceApp.AppHost");
            // Hidden helpers (the dashboard, project rebuilders) are not part of the system a person uses.
            var resources = @event.Model.Resources
                .Where(r => r is not ParameterResource)
                .Where(r => !notifications.TryGetCurrentState(r.Name, out var state) || !state.Snapshot.IsHidden)
                .Select(r => r.Name)
                .ToArray();

            _ = Task.Run(async () =>
            {
                try
                {
                    await Task.WhenAll(resources.Select(name => notifications.WaitForResourceHealthyAsync(name, stopping)));
                    var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
                    logger.LogInformation("{ReadyMessage}: all {Count} resources healthy, {Seconds:F1} s after the AppHost started",
                        ReadyMessage, resources.Length, sinceStart.TotalSeconds);
                }
                catch (OperationCanceledException)
                {
                    // Stopped before everything was ready: nothing to announce.
                }
            }, stopping);
            return Task.CompletedTask;
        });
    }
}
