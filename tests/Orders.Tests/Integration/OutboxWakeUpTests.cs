using Microsoft.Extensions.DependencyInjection;

namespace ReferenceApp.Orders.Tests.Integration;

/// <summary>An order placed through a replica is charged by that replica at once, not at its next poll.</summary>
public sealed class OutboxWakeUpTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Loops = 4;

    // Polling alone would leave the orders Pending for a minute, twice the time the test waits for them.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMinutes(1);

    private readonly IdleWaitCountingClock clock = new(PollInterval);
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync() => system = await OrdersSystem.StartAsync(postgres.Server,
        settings: new Dictionary<string, string?>
        {
            ["Orders:Outbox:PollIntervalMs"] = PollInterval.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orders:Outbox:Concurrency"] = Loops.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        services: s => s.AddSingleton<TimeProvider>(clock));

    public async ValueTask DisposeAsync() => await system.DisposeAsync();

    [Fact]
    public async Task A_new_order_wakes_an_idle_dispatcher()
    {
        // Every loop has found the outbox empty and gone to sleep for the whole poll interval: only a wake-up can charge now.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (clock.IdleWaits < Loops)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {clock.IdleWaits} of {Loops} dispatch loops went idle");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "wake-up"))).GetProperty("id").GetString()!);
        }

        var settled = await system.WaitUntilSettledAsync(ids, timeoutSeconds: 30);
        Assert.All(ids, id => Assert.Equal("Paid", settled[id]));
    }
}
