namespace ReferenceApp.Orders.Tests.Integration;

/// <summary>An order placed through a replica is charged by that replica at once, not at its next poll.</summary>
public sealed class OutboxWakeUpTests(PostgresFixture postgres) : IAsyncLifetime
{
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync() => system = await OrdersSystem.StartAsync(postgres.Server,
        settings: new Dictionary<string, string?>
        {
            // Polling alone would leave the orders Pending for a minute.
            ["Orders:Outbox:PollIntervalMs"] = "60000",
        });

    public async ValueTask DisposeAsync() => await system.DisposeAsync();

    [Fact]
    public async Task A_new_order_wakes_an_idle_dispatcher()
    {
        // Let every loop find the outbox empty and go to sleep first.
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "wake-up"))).GetProperty("id").GetString()!);
        }

        var settled = await system.WaitUntilSettledAsync(ids, timeoutSeconds: 30);
        Assert.All(ids, id => Assert.Equal("Paid", settled[id]));
    }
}
