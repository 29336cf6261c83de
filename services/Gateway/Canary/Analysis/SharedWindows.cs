using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary.Routing;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// One verdict for all replicas: every round each replica publishes its window (counts, latency histograms, what its
/// health checks say) to the shared store, and only the replica holding the analysis lease sums them all and decides,
/// so the verdict is the same with 1 or 5 replicas. Without Redis a replica judges its own window (fail safe).
/// </summary>
public sealed partial class SharedWindows(
    CanaryTraffic traffic,
    IVersionHealth health,
    ICanaryAnalysisStore store,
    IOptionsMonitor<CanaryOptions> options,
    TimeProvider time,
    ILogger<SharedWindows> logger)
{
    private int localOnly;

    /// <summary>This replica's name in the store and its lease token: unique per process, readable in Redis.</summary>
    public string Replica { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>A published window counts this long (two rounds and a second), so a replica that died drops out soon.</summary>
    public TimeSpan Keep => (2 * options.CurrentValue.Analysis.Interval) + TimeSpan.FromSeconds(1);

    /// <summary>The lease outlives a round or two of its holder, so one slow round does not hand it over.</summary>
    public TimeSpan LeaseDuration => TimeSpan.FromTicks(Math.Max(3 * options.CurrentValue.Analysis.Interval.Ticks, TimeSpan.FromSeconds(1).Ticks));

    /// <summary>The measures to judge for <paramref name="decision"/>, or null when another replica holds the lease and decides.</summary>
    public async Task<AnalysisMeasures?> GatherAsync(CanarySnapshot decision, CancellationToken cancellationToken)
    {
        var own = new ReplicaWindow(Replica, decision.Version, time.GetUtcNow(),
            traffic.Count(CanaryVersion.V1, decision.UpdatedAt), traffic.Count(CanaryVersion.V2, decision.UpdatedAt),
            health.IsMarkedDown(CanaryVersion.V1), health.IsMarkedDown(CanaryVersion.V2));
        try
        {
            var published = await store.ExchangeAsync(own, Keep, cancellationToken);
            if (!await store.HoldLeaseAsync(Replica, LeaseDuration, cancellationToken))
            {
                return null;
            }

            if (Interlocked.Exchange(ref localOnly, 0) == 1)
            {
                LogShared(logger);
            }

            // Only windows measured since the same decision: a replica still on the previous one would mix in old traffic.
            var same = published.Where(window => window.StateVersion == decision.Version && window.Replica != Replica).Append(own).ToList();
            return Sum(same, shared: true);
        }
        catch (CanaryStoreUnavailableException e)
        {
            if (Interlocked.Exchange(ref localOnly, 1) == 0)
            {
                LogLocalOnly(logger, e);
            }

            return Sum([own], shared: false);
        }
    }

    public async Task ShareAsync(CanaryVerdict verdict, CancellationToken cancellationToken)
    {
        try
        {
            await store.ShareVerdictAsync(verdict, Keep, cancellationToken);
        }
        catch (CanaryStoreUnavailableException)
        {
            // Only the admin document of the other replicas misses it; the decision itself is stored by the coordinator.
        }
    }

    /// <summary>The lease holder's latest verdict, for a replica that does not decide.</summary>
    public async Task<CanaryVerdict?> ReadSharedVerdictAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadVerdictAsync(cancellationToken) is { } shared ? new CanaryVerdict(shared.Kind, default, shared.Reason) : null;
        }
        catch (CanaryStoreUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Hands the lease over at once and withdraws this replica's window (graceful shutdown).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.LeaveAsync(Replica, cancellationToken);
        }
        catch (CanaryStoreUnavailableException)
        {
            // The lease and the window expire by themselves.
        }
    }

    private static AnalysisMeasures Sum(IReadOnlyList<ReplicaWindow> windows, bool shared)
    {
        VersionCounts v1 = new(), v2 = new();
        bool v1Down = false, v2Down = false;
        foreach (var window in windows)
        {
            v1.Add(window.V1);
            v2.Add(window.V2);
            // Any replica that sees a version down is believed: rolling back a canary some clients cannot reach is the safe side.
            v1Down |= window.V1MarkedDown;
            v2Down |= window.V2MarkedDown;
        }

        return new AnalysisMeasures(v1.ToSummary(v1Down), v2.ToSummary(v2Down), windows.Count, shared);
    }

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Canary analysis cannot reach Redis; judging this replica's window alone until it returns")]
    private static partial void LogLocalOnly(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Canary analysis reaches Redis again; judging the window of every replica")]
    private static partial void LogShared(ILogger logger);
}
