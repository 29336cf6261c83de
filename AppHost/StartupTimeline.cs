using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReferenceApp.AppHost;

/// <summary>
/// When each resource first reached each state, in seconds since the AppHost process started: who waited for whom,
/// how long a service took from launch to running, and from running to healthy. Logged once the system is ready,
/// so a slow start-up says where its time went (docs/benchmarks-startup.md).
/// </summary>
public sealed class StartupTimeline
{
    private static readonly string[] Milestones = ["Waiting", "Starting", "Running", "Healthy"];

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, double>> firstSeen = new();
    private readonly DateTime processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static StartupTimeline Watch(ResourceNotificationService notifications, CancellationToken until)
    {
        var timeline = new StartupTimeline();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in notifications.WatchAsync(until))
                {
                    timeline.Record(update.Resource.Name, update.Snapshot.State?.Text);
                    if (update.Snapshot.HealthStatus == HealthStatus.Healthy)
                    {
                        timeline.Record(update.Resource.Name, "Healthy");
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ready, or stopping: the timeline is complete.
            }
        }, until);
        return timeline;
    }

    /// <summary>One line per resource, in the order they became healthy, e.g. "postgres: Starting 2.1 s, Running 2.2 s, Healthy 3.0 s".</summary>
    public IEnumerable<string> Describe(IEnumerable<string> resources) =>
        resources
            .Where(firstSeen.ContainsKey)
            .OrderBy(name => firstSeen[name].GetValueOrDefault("Healthy", double.MaxValue))
            .Select(name => $"{name}: " + string.Join(", ", Milestones
                .Where(firstSeen[name].ContainsKey)
                .Select(milestone => string.Create(CultureInfo.InvariantCulture, $"{milestone} {firstSeen[name][milestone]:F1} s"))));

    private void Record(string resource, string? state)
    {
        if (state is null || !Milestones.Contains(state))
        {
            return;
        }

        var seconds = (DateTime.UtcNow - processStart).TotalSeconds;
        firstSeen.GetOrAdd(resource, _ => new()).TryAdd(state, seconds);
    }
}
