using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReferenceApp.Testing;

namespace ReferenceApp.Orders.Tests.Integration;

public sealed class OrderFlowTests(OrdersSystemFixture fixture) : IClassFixture<OrdersSystemFixture>
{
    private readonly OrdersSystem system = fixture.System;

    [Fact]
    public async Task The_catalogue_is_seeded()
    {
        var response = await system.Client.GetAsync("/api/products");
        var products = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("v1", response.Headers.GetValues(OrdersVersion.HeaderName).Single());
        Assert.True(products.GetArrayLength() >= 10);
        var beans = products.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "coffee-beans-1kg");
        Assert.Equal(24.90m, beans.GetProperty("price").GetDecimal());
        Assert.Equal("EUR", beans.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task An_order_is_priced_from_the_catalogue_stored_pending_and_then_paid()
    {
        var response = await system.PlaceAsync(Guid.NewGuid().ToString(), OrdersSystem.OrderJson(
            items: """[{"productId":"espresso-machine","quantity":1},{"productId":"coffee-beans-1kg","quantity":2}]"""));
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = order.GetProperty("id").GetString()!;
        Assert.Equal($"/api/orders/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Pending", order.GetProperty("status").GetString());
        Assert.Equal(398.80m, order.GetProperty("total").GetDecimal());
        Assert.Equal(0m, order.GetProperty("discount").GetDecimal());
        Assert.Equal("4242", order.GetProperty("cardLast4").GetString());
        Assert.Equal(2, order.GetProperty("lines").GetArrayLength());

        Assert.Equal("Paid", (await system.WaitUntilSettledAsync([id]))[id]);
        var paid = await system.GetOrderAsync(id);
        var payments = await system.PaymentsReader().GetFromJsonAsync<JsonElement>($"/api/payments?orderId={id}");
        Assert.Equal(paid.GetProperty("paymentId").GetString(), payments[0].GetProperty("id").GetString());
        Assert.Equal(398.80m, payments[0].GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task The_stored_order_has_every_line_in_request_order_and_one_outbox_record()
    {
        var placed = await system.PlaceOkAsync(OrdersSystem.OrderJson(items: """
            [{"productId":"descaler","quantity":3},{"productId":"espresso-machine","quantity":1},{"productId":"paper-filters","quantity":2}]
            """));
        var id = placed.GetProperty("id").GetString()!;

        var stored = await system.GetOrderAsync(id);
        var lines = stored.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["descaler", "espresso-machine", "paper-filters"], lines.Select(l => l.GetProperty("productId").GetString()));
        Assert.Equal([3, 1, 2], lines.Select(l => l.GetProperty("quantity").GetInt32()));
        Assert.Equal([38.70m, 349.00m, 13.80m], lines.Select(l => l.GetProperty("lineTotal").GetDecimal()));
        Assert.Equal("Descaling Solution 500 ml", lines[0].GetProperty("productName").GetString());
        Assert.Equal(placed.GetProperty("total").GetDecimal(), stored.GetProperty("total").GetDecimal());
        Assert.Equal(1L, await OrdersSystem.ScalarAsync<long>(system.OrdersConnectionString, $"select count(*) from outbox where order_id = '{id}'"));
    }

    [Fact]
    public async Task A_declined_card_ends_payment_failed_with_the_reason()
    {
        var order = await system.PlaceOkAsync(OrdersSystem.OrderJson(card: OrdersSystem.DeclinedCard));
        var id = order.GetProperty("id").GetString()!;

        Assert.Equal("PaymentFailed", (await system.WaitUntilSettledAsync([id]))[id]);
        Assert.Equal("card_declined", (await system.GetOrderAsync(id)).GetProperty("failureReason").GetString());
        await Problems.AssertAsync(await system.Client.PostAsync($"/api/orders/{id}/cancel", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancelling_a_paid_order_refunds_it_and_a_second_cancel_conflicts()
    {
        var id = (await system.PlaceOkAsync(OrdersSystem.OrderJson())).GetProperty("id").GetString()!;
        await system.WaitUntilSettledAsync([id]);

        var cancelled = await system.Client.PostAsync($"/api/orders/{id}/cancel", null);
        var again = await system.Client.PostAsync($"/api/orders/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var order = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Refunded", order.GetProperty("status").GetString());
        var payment = await system.PaymentsReader().GetFromJsonAsync<JsonElement>($"/api/payments/{order.GetProperty("paymentId").GetString()}");
        Assert.Equal("Refunded", payment.GetProperty("status").GetString());
        await Problems.AssertAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_refund_that_cannot_reach_payments_is_503_and_the_order_stays_paid()
    {
        var id = (await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "refund-outage"))).GetProperty("id").GetString()!;
        await system.WaitUntilSettledAsync([id]);
        system.Link.AllDown = true;
        try
        {
            await Problems.AssertAsync(await system.Client.PostAsync($"/api/orders/{id}/cancel", null), HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            system.Link.AllDown = false;
        }

        Assert.Equal("Paid", (await system.GetOrderAsync(id)).GetProperty("status").GetString());
        var retried = await system.Client.PostAsync($"/api/orders/{id}/cancel", null);
        Assert.Equal("Refunded", (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancelling_a_pending_order_means_it_is_never_charged()
    {
        system.Link.ChargesDown = true;
        try
        {
            var id = (await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "cancel-pending"))).GetProperty("id").GetString()!;
            var response = await system.Client.PostAsync($"/api/orders/{id}/cancel", null);
            Assert.Equal("Cancelled", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
            system.Link.ChargesDown = false;

            // The outbox record is settled without a charge once payments is back.
            await WaitForAsync(async () => await OrdersSystem.ScalarAsync<long>(system.OrdersConnectionString,
                $"select count(*) from outbox where order_id = '{id}' and processed_at is null") == 0);
            Assert.Equal("Cancelled", (await system.GetOrderAsync(id)).GetProperty("status").GetString());
            Assert.Equal(0, (await system.PaymentsReader().GetFromJsonAsync<JsonElement>($"/api/payments?orderId={id}")).GetArrayLength());
        }
        finally
        {
            system.Link.ChargesDown = false;
        }
    }

    [Fact]
    public async Task A_customers_orders_are_listed_newest_first_in_pages()
    {
        using var pager = system.ClientAs("pager");
        using var someoneElse = system.ClientAs("someone-else");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "pager"), pager)).GetProperty("id").GetString()!);
        }

        await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "someone-else"), someoneElse);
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await pager.GetFromJsonAsync<JsonElement>(
                $"/api/orders?limit=2" + (cursor is null ? "" : $"&after={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task The_v2_canary_discounts_three_or_more_items_and_says_so()
    {
        var v2 = system.AddReplica("v2").CreateClient();

        var big = await system.PlaceAsync(Guid.NewGuid().ToString(), OrdersSystem.OrderJson(items: """[{"productId":"coffee-beans-1kg","quantity":3}]"""), v2);
        var small = await system.PlaceOkAsync(OrdersSystem.OrderJson(items: """[{"productId":"coffee-beans-1kg","quantity":2}]"""), v2);
        var v1 = await system.PlaceOkAsync(OrdersSystem.OrderJson(items: """[{"productId":"coffee-beans-1kg","quantity":3}]"""));

        Assert.Equal("v2", big.Headers.GetValues(OrdersVersion.HeaderName).Single());
        var order = await big.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(74.70m, order.GetProperty("subtotal").GetDecimal());
        Assert.Equal(7.47m, order.GetProperty("discount").GetDecimal());
        Assert.Equal(67.23m, order.GetProperty("total").GetDecimal());
        Assert.Equal("v2", order.GetProperty("pricedBy").GetString());
        Assert.Equal(0m, small.GetProperty("discount").GetDecimal());
        Assert.Equal(0m, v1.GetProperty("discount").GetDecimal());
        Assert.Equal(74.70m, v1.GetProperty("total").GetDecimal());
    }

    private static Task WaitForAsync(Func<Task<bool>> condition) => Polling.WaitForAsync(condition, TimeSpan.FromSeconds(60));
}
