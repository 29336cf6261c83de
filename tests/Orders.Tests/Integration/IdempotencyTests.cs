using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReferenceApp.Orders.Tests.Integration;

public sealed class IdempotencyTests(OrdersSystemFixture fixture) : IClassFixture<OrdersSystemFixture>
{
    private readonly OrdersSystem system = fixture.System;

    [Fact]
    public async Task The_same_key_and_body_replays_the_original_response_and_creates_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var first = await system.PlaceAsync(key, OrdersSystem.OrderJson(customerId: "replay"));
        var firstBody = await first.Content.ReadAsStringAsync();
        await system.WaitUntilSettledAsync([JsonDocument.Parse(firstBody).RootElement.GetProperty("id").GetString()!]);
        var before = await system.CountAllAsync();

        var replay = await system.PlaceAsync(key, OrdersSystem.OrderJson(customerId: "replay"));

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
        Assert.Equal(before, await system.CountAllAsync());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_writes_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var first = await (await system.PlaceAsync(key, OrdersSystem.OrderJson(customerId: "first"))).Content.ReadFromJsonAsync<JsonElement>();
        await system.WaitUntilSettledAsync([first.GetProperty("id").GetString()!]); // its payment is a write too
        var before = await system.CountAllAsync();

        var response = await system.PlaceAsync(key, OrdersSystem.OrderJson(items: """[{"productId":"coffee-beans-1kg","quantity":3}]"""));

        await Problems.AssertAsync(response, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(before, await system.CountAllAsync());
    }

    [Fact]
    public async Task A_crafted_product_id_that_spells_two_lines_is_another_body_not_a_replay()
    {
        var key = Guid.NewGuid().ToString();
        var first = await system.PlaceAsync(key, OrdersSystem.OrderJson(customerId: "crafted",
            items: """[{"productId":"coffee-beans-1kg","quantity":1},{"productId":"descaler","quantity":2}]"""));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var crafted = await system.PlaceAsync(key, OrdersSystem.OrderJson(customerId: "crafted",
            items: """[{"productId":"coffee-beans-1kg:1;descaler","quantity":2}]"""));

        await Problems.AssertAsync(crafted, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.False(crafted.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_key_is_honoured_across_replicas()
    {
        var key = Guid.NewGuid().ToString();
        var v2 = system.AddReplica("v2").CreateClient();
        var first = await system.PlaceAsync(key, OrdersSystem.OrderJson(customerId: "across"));
        var fromV2 = await system.PlaceAsync(key, OrdersSystem.OrderJson(customerId: "across"), v2);

        Assert.Equal(await first.Content.ReadAsStringAsync(), await fromV2.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task One_hundred_concurrent_identical_requests_create_exactly_one_order()
    {
        var key = Guid.NewGuid().ToString();
        var json = OrdersSystem.OrderJson(customerId: "stampede", items: """[{"productId":"descaler","quantity":4}]""");
        using var stampede = system.ClientAs("stampede");

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => system.PlaceAsync(key, json, stampede)));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("id").GetString()).Distinct());
        Assert.Equal(1, await OrdersSystem.ScalarAsync<long>(system.OrdersConnectionString, "select count(*) from orders where customer_id = 'stampede'"));
        Assert.Equal(1, await OrdersSystem.ScalarAsync<long>(system.OrdersConnectionString,
            "select count(*) from outbox x join orders o on o.id = x.order_id where o.customer_id = 'stampede'"));
        var id = JsonDocument.Parse(bodies[0]).RootElement.GetProperty("id").GetString()!;
        await system.WaitUntilSettledAsync([id]);
        Assert.Equal(1, (await system.PaymentsReader("stampede").GetFromJsonAsync<JsonElement>($"/api/payments?orderId={id}")).GetArrayLength());
    }
}
