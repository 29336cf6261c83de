using Microsoft.Extensions.Logging.Abstractions;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Unit;

/// <summary>Fail safe without Redis (issue 14, item 4): a rollback is applied at once and a stale decision never undoes it.</summary>
public sealed class CanaryRollbackWithoutStoreTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rollback_while_the_store_is_down_is_applied_here_and_stored_when_it_returns()
    {
        var store = new SwitchableStore();
        using var rig = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        var sync = Sync(rig);
        await sync.JoinAsync(Cancellation);
        store.Reachable = false;

        await rig.Coordinator.RollBackAsync("v2 failing", automatic: true, Cancellation);

        Assert.Equal((CanaryState.RolledBack, 0), (rig.Live.Current.State, rig.Live.Weights.V2));
        Assert.Equal(CanaryState.Progressing, store.Stored?.State);
        Assert.NotNull(rig.Coordinator.UnsavedRollback);

        await sync.RefreshAsync(Cancellation); // still down: the rollback stays, nothing is adopted
        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);

        store.Reachable = true;
        await sync.RefreshAsync(Cancellation);

        Assert.Equal((CanaryState.RolledBack, 0), (store.Stored?.State, store.Stored?.Weights.V2));
        Assert.Null(rig.Coordinator.UnsavedRollback);
        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);
    }

    [Fact]
    public async Task A_decision_based_on_the_state_before_the_rollback_does_not_undo_it()
    {
        var store = new SwitchableStore();
        using var first = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        using var second = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        await Sync(first).JoinAsync(Cancellation);
        await Sync(second).JoinAsync(Cancellation);
        var before = store.Stored!;

        // Cut off from Redis, the first replica rolls back; meanwhile the second, which never saw that, steps v2 up.
        store.Reachable = false;
        await first.Coordinator.RollBackAsync("v2 failing", automatic: true, Cancellation);
        store.Reachable = true;
        await second.Coordinator.SetWeightAsync(50, "automatic promotion step", automatic: true, Cancellation);
        await Sync(first).RefreshAsync(Cancellation); // (the second's write already woke the first through the notification)

        // Both decisions were made on the same predecessor: the rollback wins, and the second replica adopts it.
        Assert.Equal(before.Version + 1, store.Stored?.Version);
        Assert.Equal(CanaryState.RolledBack, store.Stored?.State);
        await Sync(second).RefreshAsync(Cancellation);
        Assert.Equal((CanaryState.RolledBack, 0), (second.Live.Current.State, second.Live.Weights.V2));

        // A replica still holding the state from before the rollback cannot write over it either.
        Assert.False(await store.WriteAsync(before with { Reason = "stale", UpdatedAt = before.UpdatedAt.AddMinutes(1) }, Cancellation));
        Assert.Equal(CanaryState.RolledBack, store.Stored?.State);
    }

    [Fact]
    public async Task A_rollback_survives_the_store_losing_its_data()
    {
        var store = new SwitchableStore();
        using var rig = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        var sync = Sync(rig);
        await sync.JoinAsync(Cancellation);
        await rig.Coordinator.RollBackAsync("v2 failing", automatic: true, Cancellation);

        store.Forget(); // Redis restarted without persistence
        await sync.RefreshAsync(Cancellation);

        Assert.Equal((CanaryState.RolledBack, 0), (store.Stored?.State, store.Stored?.Weights.V2));
        Assert.Equal(CanaryState.RolledBack, rig.Live.Current.State);
    }

    [Fact]
    public async Task An_operator_change_after_the_rollback_replaces_it()
    {
        var store = new SwitchableStore();
        using var first = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        using var second = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        await Sync(first).JoinAsync(Cancellation);
        await Sync(second).JoinAsync(Cancellation);
        await first.Coordinator.RollBackAsync("v2 failing", automatic: true, Cancellation);

        // The operator acts on a replica that has not refreshed yet: an operator's change is the newest decision.
        await second.Coordinator.SetWeightAsync(5, "operator retries v2", Cancellation);

        Assert.Equal((CanaryState.Progressing, 5), (store.Stored?.State, store.Stored?.Weights.V2));
    }

    private static CanaryStateSync Sync(CanaryRig rig) =>
        new(rig.Live, rig.Store, rig.Coordinator, new StaticOptionsMonitor<CanaryOptions>(rig.Options), rig.Time, NullLogger<CanaryStateSync>.Instance);

    /// <summary>The in-memory store, failing like an unreachable Redis while switched off.</summary>
    private sealed class SwitchableStore : InMemoryCanaryStateStore
    {
        private bool forgotten;

        public bool Reachable { get; set; } = true;

        public void Forget() => forgotten = true;

        public override Task<CanarySnapshot?> ReadAsync(CancellationToken cancellationToken) =>
            !Reachable ? throw new CanaryStoreUnavailableException("down", new IOException())
            : forgotten ? Task.FromResult<CanarySnapshot?>(null)
            : base.ReadAsync(cancellationToken);

        public override Task<bool> WriteAsync(CanarySnapshot snapshot, CancellationToken cancellationToken)
        {
            if (!Reachable)
            {
                throw new CanaryStoreUnavailableException("down", new IOException());
            }

            if (forgotten)
            {
                forgotten = false;
                ForgetStored();
            }

            return base.WriteAsync(snapshot, cancellationToken);
        }
    }
}
