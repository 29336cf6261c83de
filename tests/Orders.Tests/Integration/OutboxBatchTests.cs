using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReferenceApp.Orders.Outbox;

namespace ReferenceApp.Orders.Tests.Integration;

/// <summary>One dispatch takes several due records and records each one's own outcome, in one commit.</summary>
public sealed class OutboxBatchTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync() => system = await OrdersSystem.StartWithHandDrivenDispatchAsync(postgres.Server, time);

    public async ValueTask DisposeAsync() => await system.DisposeAsync();

    [Fact]
    public async Task A_batch_settles_captured_declined_and_cancelled_orders_each_by_its_own_outcome()
    {
        var paid = await PlaceAsync(OrdersSystem.GoodCard);
        var declined = await PlaceAsync(OrdersSystem.DeclinedCard);
        var cancelled = await PlaceAsync(OrdersSystem.GoodCard);
        (await system.Client.PostAsync($"/api/orders/{cancelled}/cancel", null)).EnsureSuccessStatusCode();

        await using var scope = system.Orders.Services.CreateAsyncScope();
        var dispatch = scope.ServiceProvider.GetRequiredService<PaymentDispatch>();
        Assert.True(await dispatch.DispatchNextAsync(TestContext.Current.CancellationToken));
        Assert.False(await dispatch.DispatchNextAsync(TestContext.Current.CancellationToken));

        Assert.Equal("Paid", await StatusAsync(paid));
        Assert.Equal("PaymentFailed", await StatusAsync(declined));
        Assert.Equal("card_declined", (await system.GetOrderAsync(declined)).GetProperty("failureReason").GetString());
        Assert.Equal("Cancelled", await StatusAsync(cancelled));
        Assert.Equal(0L, await CountAsync($"select count(*) from outbox where order_id in ('{paid}', '{declined}', '{cancelled}') and processed_at is null"));
        Assert.Empty(await PaymentsOfAsync(cancelled));
        Assert.Single(await PaymentsOfAsync(paid));
    }

    [Fact]
    public async Task Payments_being_down_leaves_the_batch_pending_with_its_next_attempt_and_error()
    {
        var first = await PlaceAsync(OrdersSystem.GoodCard);
        var second = await PlaceAsync(OrdersSystem.GoodCard);
        await using var scope = system.Orders.Services.CreateAsyncScope();
        var dispatch = scope.ServiceProvider.GetRequiredService<PaymentDispatch>();

        system.Link.ChargesDown = true;
        try
        {
            Assert.True(await dispatch.DispatchNextAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            system.Link.ChargesDown = false;
        }

        foreach (var id in new[] { first, second })
        {
            Assert.Equal("Pending", await StatusAsync(id));
            Assert.Equal(1L, await CountAsync(
                $"select count(*) from outbox where order_id = '{id}' and attempts = 1 and processed_at is null and last_error is not null and next_attempt_at > created_at"));
        }

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await dispatch.DispatchNextAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Paid", await StatusAsync(first));
        Assert.Equal("Paid", await StatusAsync(second));
    }

    private async Task<string> PlaceAsync(string card) =>
        (await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "batch", card: card))).GetProperty("id").GetString()!;

    private async Task<string?> StatusAsync(string id) => (await system.GetOrderAsync(id)).GetProperty("status").GetString();

    private Task<long> CountAsync(string sql) => OrdersSystem.ScalarAsync<long>(system.OrdersConnectionString, sql);

    private async Task<JsonElement[]> PaymentsOfAsync(string id) =>
        [.. (await system.PaymentsReader().GetFromJsonAsync<JsonElement>($"/api/payments?orderId={id}")).EnumerateArray()];
}
