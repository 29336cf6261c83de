using ReferenceApp.Gateway.Telemetry;

namespace ReferenceApp.Gateway.Canary.State;

/// <summary>
/// The only writer of canary decisions: operators (admin API), configuration and the autopilot all change the weights here,
/// which stores the decision for every replica, applies it locally and leaves a log line.
/// A rollback is the exception to "stored first": it is applied here at once and stored when Redis can be reached
/// (see <see cref="StoreUnsavedRollbackAsync"/>), so a failing v2 is pulled even while Redis is down.
/// </summary>
public sealed partial class CanaryCoordinator(
    LiveCanaryState live, ICanaryStateStore store, GatewayMetrics metrics, TimeProvider time, ILogger<CanaryCoordinator> logger)
{
    /// <summary>Operators and configuration speak for now: a change of theirs goes on top of whatever another replica stored meanwhile.</summary>
    private const int RebaseAttempts = 3;

    private CanarySnapshot? unsavedRollback;

    /// <summary>A rollback applied on this replica that Redis has not taken yet; null when there is none.</summary>
    public CanarySnapshot? UnsavedRollback => Volatile.Read(ref unsavedRollback);

    public Task<CanarySnapshot> SetWeightAsync(int v2, string reason, CancellationToken cancellationToken) =>
        SetWeightAsync(v2, reason, automatic: false, cancellationToken);

    /// <param name="automatic">The autopilot's step: made on what this replica saw, so it gives way to a newer stored decision.</param>
    public Task<CanarySnapshot> SetWeightAsync(int v2, string reason, bool automatic, CancellationToken cancellationToken)
    {
        var weights = new CanaryWeights(v2);
        return ChangeAsync(live.Current with { State = CanarySnapshot.StateFor(weights), Weights = weights, Reason = reason }, rebase: !automatic, cancellationToken);
    }

    /// <summary>A change of Canary:Weight, remembered as the configured weight so restarts do not re-apply it over later admin changes.</summary>
    public Task<CanarySnapshot> ApplyConfiguredWeightAsync(int v2, string reason, CancellationToken cancellationToken)
    {
        var weights = new CanaryWeights(v2);
        var next = live.Current with { State = CanarySnapshot.StateFor(weights), Weights = weights, Reason = reason, ConfiguredWeight = v2 };
        return ChangeAsync(next, rebase: true, cancellationToken);
    }

    /// <summary>Pulls v2 on this replica at once, then shares the rollback; if Redis is away it is stored at the next refresh.</summary>
    public async Task<CanarySnapshot> RollBackAsync(string reason, bool automatic, CancellationToken cancellationToken)
    {
        var current = live.Current;
        var next = current with
        {
            State = CanaryState.RolledBack,
            Weights = CanaryWeights.AllOnStable,
            Reason = reason,
            UpdatedAt = time.GetUtcNow(),
            Version = current.Version + 1,
        };
        Apply(next);
        metrics.RolledBack(automatic);
        Volatile.Write(ref unsavedRollback, next);
        try
        {
            await StoreUnsavedRollbackAsync(cancellationToken);
        }
        catch (CanaryStoreUnavailableException e)
        {
            LogRollbackNotStored(logger, e);
        }

        return live.Current;
    }

    public Task<CanarySnapshot> PromoteAsync(string reason, CancellationToken cancellationToken) =>
        ChangeAsync(live.Current with { State = CanaryState.Promoted, Weights = new CanaryWeights(CanaryWeights.Total), Reason = reason }, rebase: true, cancellationToken);

    /// <summary>
    /// Stores this replica's rollback again: after Redis lost its data (a restart without persistence), the rollback must not
    /// give way to the configured weight.
    /// </summary>
    public Task KeepRollbackAsync(CancellationToken cancellationToken)
    {
        var current = live.Current;
        if (current.State == CanaryState.RolledBack)
        {
            Interlocked.CompareExchange(ref unsavedRollback, current, null);
        }

        return StoreUnsavedRollbackAsync(cancellationToken);
    }

    /// <summary>
    /// Tries to store the rollback this replica applied while Redis was away. Throws <see cref="CanaryStoreUnavailableException"/>
    /// while Redis still cannot be reached. If the store already holds a newer decision, that one is adopted instead.
    /// </summary>
    public async Task StoreUnsavedRollbackAsync(CancellationToken cancellationToken)
    {
        var pending = Volatile.Read(ref unsavedRollback);
        if (pending is null)
        {
            return;
        }

        if (await store.WriteAsync(pending, cancellationToken))
        {
            LogRollbackStored(logger, pending.Version);
        }
        else if (await store.ReadAsync(cancellationToken) is { } newer && newer.Version >= live.Current.Version)
        {
            Apply(newer);
        }

        Interlocked.CompareExchange(ref unsavedRollback, null, pending);
    }

    private async Task<CanarySnapshot> ChangeAsync(CanarySnapshot next, bool rebase, CancellationToken cancellationToken)
    {
        next = next with { UpdatedAt = time.GetUtcNow(), Version = live.Current.Version + 1 };
        for (var attempt = 1; ; attempt++)
        {
            if (await store.WriteAsync(next, cancellationToken))
            {
                // A newer decision supersedes a rollback still waiting to be stored.
                Volatile.Write(ref unsavedRollback, null);
                Apply(next);
                return next;
            }

            // Another replica stored a newer decision first.
            var stored = await store.ReadAsync(cancellationToken);
            if (stored is null || !rebase || attempt == RebaseAttempts)
            {
                if (stored is not null)
                {
                    Apply(stored);
                }

                return live.Current;
            }

            next = next with { Version = stored.Version + 1 };
        }
    }

    private void Apply(CanarySnapshot next)
    {
        if (live.Replace(next))
        {
            LogChanged(logger, next.State, next.Weights.V1, next.Weights.V2, next.Reason);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Canary is now {CanaryState} with v1 {WeightV1}% / v2 {WeightV2}%: {Reason}")]
    private static partial void LogChanged(ILogger logger, CanaryState canaryState, int weightV1, int weightV2, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "Canary rolled back on this replica but not stored in Redis yet; retrying at every refresh")]
    private static partial void LogRollbackNotStored(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Canary rollback stored in Redis as version {Version}")]
    private static partial void LogRollbackStored(ILogger logger, long version);
}
