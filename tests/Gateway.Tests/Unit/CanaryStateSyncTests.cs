using Microsoft.Extensions.Logging.Abstractions;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Unit;

/// <summary>Precedence between configuration and the shared state (docs/gateway.md).</summary>
public sealed class CanaryStateSyncTests
{
    [Fact]
    public async Task The_first_replica_seeds_the_shared_state_from_configuration()
    {
        using var rig = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20);

        await RunSyncAsync(rig);

        Assert.Equal(20, rig.Store.Stored?.Weights.V2);
        Assert.Equal(CanaryState.Progressing, rig.Store.Stored?.State);
    }

    [Fact]
    public async Task A_replica_starting_with_the_same_configuration_adopts_later_decisions()
    {
        var store = new InMemoryCanaryStateStore();
        using var first = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        await RunSyncAsync(first);
        await first.Coordinator.RollBackAsync("bad canary", automatic: true, TestContext.Current.CancellationToken);

        using var second = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        await RunSyncAsync(second);

        Assert.Equal(CanaryState.RolledBack, second.Live.Current.State);
        Assert.Equal(0, second.Live.Weights.V2);
    }

    [Fact]
    public async Task A_replica_starting_with_a_changed_configured_weight_applies_it_for_everyone()
    {
        var store = new InMemoryCanaryStateStore();
        using var first = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        await RunSyncAsync(first);
        await first.Coordinator.RollBackAsync("bad canary", automatic: true, TestContext.Current.CancellationToken);

        using var second = new CanaryRig(new CanaryOptions { Weight = 30 }, initialWeight: 30, store: store);
        await RunSyncAsync(second);

        Assert.Equal(30, store.Stored?.Weights.V2);
        Assert.Equal(30, second.Live.Weights.V2);
    }

    [Fact]
    public async Task A_change_by_another_replica_reaches_this_one_through_the_notification()
    {
        var store = new InMemoryCanaryStateStore();
        using var first = new CanaryRig(initialWeight: 10, store: store);
        using var second = new CanaryRig(initialWeight: 10, store: store);
        await RunSyncAsync(first);
        await RunSyncAsync(second);

        await first.Coordinator.SetWeightAsync(40, "operator", TestContext.Current.CancellationToken);

        Assert.Equal(40, second.Live.Weights.V2);
    }

    [Fact]
    public async Task A_missing_shared_state_is_seeded_again_from_configuration_on_refresh()
    {
        var store = new UnreachableUntilStore();
        using var rig = new CanaryRig(new CanaryOptions { Weight = 20 }, initialWeight: 20, store: store);
        var sync = Sync(rig);
        await sync.JoinAsync(TestContext.Current.CancellationToken);
        Assert.Null(store.Stored);

        store.Reachable = true;
        await sync.RefreshAsync(TestContext.Current.CancellationToken);

        Assert.Equal(20, store.Stored?.Weights.V2);
        Assert.Equal("weight from configuration (Canary:Weight)", store.Stored?.Reason);
    }

    private static Task RunSyncAsync(CanaryRig rig) => Sync(rig).JoinAsync(TestContext.Current.CancellationToken);

    private static CanaryStateSync Sync(CanaryRig rig) =>
        new CanaryStateSync(rig.Live, rig.Store, rig.Coordinator, new StaticOptionsMonitor<CanaryOptions>(rig.Options), rig.Time,
            NullLogger<CanaryStateSync>.Instance);

    /// <summary>A store that fails like an unreachable Redis until the test says it is back.</summary>
    private sealed class UnreachableUntilStore : InMemoryCanaryStateStore
    {
        public bool Reachable { get; set; }

        public override Task<CanarySnapshot?> ReadAsync(CancellationToken cancellationToken) =>
            Reachable ? base.ReadAsync(cancellationToken) : throw new CanaryStoreUnavailableException("down", new IOException());

        public override Task<bool> WriteAsync(CanarySnapshot snapshot, CancellationToken cancellationToken) =>
            Reachable ? base.WriteAsync(snapshot, cancellationToken) : throw new CanaryStoreUnavailableException("down", new IOException());
    }
}
