namespace ReferenceApp.Orders.Tests;

/// <summary>One orders + payments system shared by the tests of a class (they run one after another).</summary>
public sealed class OrdersSystemFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private OrdersSystem? system;

    public OrdersSystem System => system ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        system = await OrdersSystem.StartAsync(postgres.Server);
        // One accepted, settled order, so "nothing written" is always checked against a non-empty database.
        var id = (await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "fixture"))).GetProperty("id").GetString()!;
        await system.WaitUntilSettledAsync([id]);
    }

    public async ValueTask DisposeAsync()
    {
        if (system is not null)
        {
            await system.DisposeAsync();
        }
    }
}
