using System.Net.Http.Json;
using System.Text.Json;
using ReferenceApp.Testing;

namespace ReferenceApp.Orders.Tests.Integration;

public sealed class OutboxTests(PostgresFixture postgres) : IAsyncLifetime
{
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync() => system = await OrdersSystem.StartAsync(postgres.Server);

    public async ValueTask DisposeAsync() => await system.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Orders_accepted_during_a_payments_outage_all_settle_and_are_charged_once(bool outageAnswers503)
    {
        system.Link.OutageAnswers503 = outageAnswers503;
        system.Link.ChargesDown = true;
        var good = new List<string>();
        var declined = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            good.Add((await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "outage"))).GetProperty("id").GetString()!);
        }

        for (var i = 0; i < 3; i++)
        {
            declined.Add((await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "outage", card: OrdersSystem.DeclinedCard))).GetProperty("id").GetString()!);
        }

        // Every record has failed at least once before payments comes back.
        await WaitForAsync(async () => await OrdersSystem.ScalarAsync<long>(system.OrdersConnectionString,
            "select count(*) from outbox where processed_at is null and attempts >= 1 and last_error is not null") == 15);

        // Back, but the first answers are lost after payments did the work: the replays must not charge again.
        system.Link.LoseNextChargeResponses(4);
        system.Link.ChargesDown = false;
        var statuses = await system.WaitUntilSettledAsync([.. good, .. declined]);

        Assert.All(good, id => Assert.Equal("Paid", statuses[id]));
        Assert.All(declined, id => Assert.Equal("PaymentFailed", statuses[id]));
        var payments = system.PaymentsReader();
        foreach (var id in good.Concat(declined))
        {
            var charges = await payments.GetFromJsonAsync<JsonElement>($"/api/payments?orderId={id}");
            Assert.Equal(1, charges.GetArrayLength());
            Assert.Equal((await system.GetOrderAsync(id)).GetProperty("paymentId").GetString(), charges[0].GetProperty("id").GetString());
        }

        Assert.True(system.Link.ChargesDelivered.Values.Sum() > good.Count + declined.Count, "Some charges were replayed.");
        Assert.Equal(0, await OrdersSystem.ScalarAsync<long>(system.OrdersConnectionString, "select count(*) from outbox where processed_at is null"));
    }

    [Fact]
    public async Task Two_replicas_draining_one_outbox_never_deliver_a_record_twice()
    {
        var v2 = system.AddReplica("v2").CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "replicas"), i % 2 == 0 ? null : v2)).GetProperty("id").GetString()!);
        }

        var statuses = await system.WaitUntilSettledAsync(ids);

        Assert.All(ids, id => Assert.Equal("Paid", statuses[id]));
        Assert.All(ids, id => Assert.Equal(1, system.Link.ChargesDelivered[$"order-{id}"]));
    }

    private static Task WaitForAsync(Func<Task<bool>> condition) => Polling.WaitForAsync(condition, TimeSpan.FromSeconds(60));
}
