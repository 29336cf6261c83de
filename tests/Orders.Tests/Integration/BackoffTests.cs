using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReferenceApp.Orders.Outbox;

namespace ReferenceApp.Orders.Tests.Integration;

/// <summary>The dispatcher's retry schedule on a fake clock: no sleeps, each step driven by hand.</summary>
public sealed class BackoffTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync() => system = await OrdersSystem.StartWithHandDrivenDispatchAsync(postgres.Server, time,
        new Dictionary<string, string?>
        {
            ["Orders:Outbox:BaseDelayMs"] = "1000",
            ["Orders:Outbox:MaxDelayMs"] = "4000",
        });

    public async ValueTask DisposeAsync() => await system.DisposeAsync();

    [Fact]
    public async Task A_failed_delivery_waits_for_its_backoff_then_succeeds()
    {
        await using var scope = system.Orders.Services.CreateAsyncScope();
        var dispatch = scope.ServiceProvider.GetRequiredService<PaymentDispatch>();
        system.Link.ChargesDown = true;
        var id = (await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "backoff"))).GetProperty("id").GetString()!;

        Assert.True(await dispatch.DispatchNextAsync(default));  // attempt 1 fails: next in 0.5..1 s
        Assert.False(await dispatch.DispatchNextAsync(default)); // not due yet
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await dispatch.DispatchNextAsync(default));  // attempt 2 fails: next in 1..2 s
        time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.False(await dispatch.DispatchNextAsync(default)); // still inside the doubled backoff
        Assert.Equal(2, await OrdersSystem.ScalarAsync<int>(system.OrdersConnectionString, $"select attempts from outbox where order_id = '{id}'"));

        system.Link.ChargesDown = false;
        time.Advance(TimeSpan.FromMilliseconds(1100));
        Assert.True(await dispatch.DispatchNextAsync(default));
        Assert.Equal("Paid", (await system.GetOrderAsync(id)).GetProperty("status").GetString());
    }
}
