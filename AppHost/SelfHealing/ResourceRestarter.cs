using System.Collections.Concurrent;
using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReferenceApp.AppHost.SelfHealing;

/// <summary>
/// Restarts every process of a local run (services, PostgreSQL, the cache) that exits on its own, with the backoff of
/// <see cref="RestartPolicy"/>. Aspire leaves such a process Finished until someone presses Start; Kubernetes would
/// restart it, and a local run should heal the same way. A process an operator stops stays stopped (DCP reports
/// Stopping before it finishes; see <see cref="ExitObserver"/>). Each restart is logged with its exit code and counted in the resource's
/// <see cref="RestartsProperty"/> property, shown in the dashboard.
/// </summary>
public static class ResourceRestarter
{
    public const string RestartsProperty = "referenceapp.restarts";

    public static void RestartExitedResources(this IDistributedApplicationBuilder builder)
    {
        var policy = RestartPolicy.From(builder.Configuration);
        if (builder.ExecutionContext.IsPublishMode || !policy.Enabled)
        {
            return;
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var services = @event.Services;
            var restartable = @event.Model.Resources.OfType<ExecutableResource>().Cast<IResource>()
                .Concat(@event.Model.Resources.OfType<ProjectResource>())
                .ToDictionary(resource => resource.Name);
            var watcher = new Watcher(
                policy,
                restartable,
                services.GetRequiredService<ResourceNotificationService>(),
                services.GetRequiredService<ResourceCommandService>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger("ReferenceApp.AppHost.SelfHealing"),
                TimeProvider.System);
            var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = Task.Run(() => watcher.RunAsync(stopping), stopping);
            return Task.CompletedTask;
        });
    }

    private sealed class Watcher(
        RestartPolicy policy,
        IReadOnlyDictionary<string, IResource> restartable,
        ResourceNotificationService notifications,
        ResourceCommandService commands,
        ILogger logger,
        TimeProvider clock)
    {
        private readonly ConcurrentDictionary<string, Track> tracks = new();

        public async Task RunAsync(CancellationToken stopping)
        {
            try
            {
                await foreach (var update in notifications.WatchAsync(stopping))
                {
                    if (!restartable.TryGetValue(update.Resource.Name, out var resource))
                    {
                        continue;
                    }

                    var track = tracks.GetOrAdd(resource.Name, _ => new Track());
                    var state = update.Snapshot.State?.Text;
                    if (state == KnownResourceStates.Running && track.RunningSince is null)
                    {
                        track.RunningSince = clock.GetUtcNow();
                    }

                    var exit = track.Exits.Observe(state);
                    if (exit == ExitKind.OnItsOwn && track.RunningSince is not null && !track.RestartPending)
                    {
                        track.RestartPending = true;
                        _ = RestartAsync(resource, track, update.Snapshot.ExitCode, stopping);
                    }
                    else if (exit == ExitKind.FailedToStart && track.Restarts > 0 && !track.RestartPending)
                    {
                        // Only a restart of ours is retried: a first start that fails is the "cannot start" error.
                        track.RestartPending = true;
                        _ = RestartAsync(resource, track, update.Snapshot.ExitCode, stopping);
                    }
                    else if (exit == ExitKind.Stopped)
                    {
                        track.RunningSince = null;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The AppHost is stopping: nothing more to heal.
            }
        }

        private async Task RestartAsync(IResource resource, Track track, int? exitCode, CancellationToken stopping)
        {
            try
            {
                // Until a start succeeds: a start refused (its database still recovering, say) is tried again, later.
                while (!await TryRestartOnceAsync(resource, track, exitCode, stopping))
                {
                    exitCode = null;
                }
            }
            catch (OperationCanceledException)
            {
                // The AppHost is stopping.
            }
            finally
            {
                track.RestartPending = false;
            }
        }

        /// <summary>One backoff and one start; false when the start was refused.</summary>
        private async Task<bool> TryRestartOnceAsync(IResource resource, Track track, int? exitCode, CancellationToken stopping)
        {
            // A restart that failed to start was never up: the backoff keeps growing.
            var upFor = track.RunningSince is { } since ? clock.GetUtcNow() - since : TimeSpan.Zero;
            track.Attempt = upFor >= policy.ResetAfter ? 1 : track.Attempt + 1;
            track.RunningSince = null;
            track.Restarts++;
            var delay = policy.DelayBefore(track.Attempt);
            logger.LogWarning("{Resource} exited on its own or failed to start (exit code {ExitCode}) after {UpSeconds:F0} s; restart {Restarts} in {DelaySeconds:F1} s",
                resource.Name, exitCode, upFor.TotalSeconds, track.Restarts, delay.TotalSeconds);
            await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
            {
                Properties = snapshot.Properties.Where(p => p.Name != RestartsProperty)
                    .Append(new ResourcePropertySnapshot(RestartsProperty, track.Restarts) { DisplayName = "Restarts (self-healing)" })
                    .ToImmutableArray(),
            });
            await Task.Delay(delay, clock, stopping);

            // An operator may have started it by hand meanwhile.
            if (notifications.TryGetCurrentState(resource.Name, out var current)
                && current.Snapshot.State?.Text is not ("Finished" or "FailedToStart"))
            {
                return true;
            }

            var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, stopping);
            if (!result.Success)
            {
                logger.LogError("Restarting {Resource} failed: {Message}", resource.Name, result.Message);
            }

            return result.Success;
        }
    }

    /// <summary>One resource's restart history.</summary>
    private sealed class Track
    {
        public ExitObserver Exits { get; } = new();

        public DateTimeOffset? RunningSince { get; set; }

        public int Attempt { get; set; }

        public int Restarts { get; set; }

        public bool RestartPending { get; set; }
    }
}
