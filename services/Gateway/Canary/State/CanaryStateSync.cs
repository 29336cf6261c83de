using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Canary.State;

/// <summary>
/// Keeps this replica's <see cref="LiveCanaryState"/> equal to the shared one: seeds it from configuration when Redis has none,
/// re-reads it on every pub/sub message and on a short interval (in case a message was missed), and turns a runtime change of
/// Canary:Weight into a shared change. If Redis is unreachable the replica keeps routing by its last known weights.
/// </summary>
public sealed partial class CanaryStateSync(
    LiveCanaryState live,
    ICanaryStateStore store,
    CanaryCoordinator coordinator,
    IOptionsMonitor<CanaryOptions> options,
    TimeProvider time,
    ILogger<CanaryStateSync> logger) : BackgroundService
{
    private const string SeededReason = "weight from configuration (Canary:Weight)";

    private readonly SemaphoreSlim refreshing = new(1, 1);
    private int configuredWeight = options.CurrentValue.Weight;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var onConfigurationChange = options.OnChange(changed => _ = ApplyConfigurationAsync(changed.Weight, stoppingToken));
        await JoinAsync(stoppingToken);

        using var timer = new PeriodicTimer(options.CurrentValue.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RefreshAsync(stoppingToken);
        }
    }

    /// <summary>Takes part in the shared state: seeds or adopts it, then listens for changes by other replicas.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await SeedAsync(cancellationToken);
        await SubscribeAsync(cancellationToken);
    }

    /// <summary>Reads the shared decision and applies it locally; safe to call from any thread at any time.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            // A rollback made while Redis was away goes first, so that what is read next already includes it.
            await coordinator.StoreUnsavedRollbackAsync(cancellationToken);
            var seen = live.Current;
            var shared = await store.ReadAsync(cancellationToken);
            if (shared is null && live.Current.State == CanaryState.RolledBack)
            {
                // Redis lost its data (restarted without persistence): a rollback is not undone by the configured weight.
                await coordinator.KeepRollbackAsync(cancellationToken);
            }
            else if (shared is null)
            {
                // Redis was down when this replica started, or an operator deleted the key to reset: configuration speaks.
                await coordinator.ApplyConfiguredWeightAsync(configuredWeight, SeededReason, cancellationToken);
            }
            else if (shared.Version >= seen.Version || coordinator.UnsavedRollback is null)
            {
                // Older than ours only while our rollback waits to be stored: then ours stays (rollback wins). And only if
                // nothing changed here while Redis was read: a change made meanwhile (an operator's rollback) is newer
                // than what was read, and the next refresh reads it back.
                if (live.ReplaceIfUnchanged(seen, shared))
                {
                    LogAdopted(logger, shared.State, shared.Weights.V2);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreUnavailable(logger, e);
        }
        finally
        {
            refreshing.Release();
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var shared = await store.ReadAsync(cancellationToken);
            if (shared is null || shared.ConfiguredWeight != configuredWeight)
            {
                // No decision yet, or the configuration changed since the last one (a new rollout): configuration speaks.
                var reason = shared is null
                    ? SeededReason
                    : $"configured weight changed from {shared.ConfiguredWeight} to {configuredWeight} (Canary:Weight)";
                await coordinator.ApplyConfiguredWeightAsync(configuredWeight, reason, cancellationToken);
            }
            else
            {
                live.Replace(shared);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreUnavailable(logger, e);
        }
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.SubscribeAsync(() => _ = RefreshAsync(cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreUnavailable(logger, e);
        }
    }

    private async Task ApplyConfigurationAsync(int weight, CancellationToken cancellationToken)
    {
        // Reload fires for any change in any source; only a new Canary:Weight is a decision.
        if (Interlocked.Exchange(ref configuredWeight, weight) == weight)
        {
            return;
        }

        try
        {
            await coordinator.ApplyConfiguredWeightAsync(weight, "configuration reloaded (Canary:Weight)", cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreUnavailable(logger, e);
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Adopted the shared canary decision: {CanaryState}, v2 {WeightV2}%")]
    private static partial void LogAdopted(ILogger logger, CanaryState canaryState, int weightV2);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Canary state store unavailable; routing by the last known weights")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
