using System.Net;
using System.Text;

namespace ReferenceApp.Orders.Tests.Integration;

public sealed class BadInputTests(OrdersSystemFixture fixture) : IClassFixture<OrdersSystemFixture>
{
    private static readonly string Card = OrdersSystem.GoodCard;
    private static readonly string Expiry = TestCards.FutureExpiry;
    private readonly OrdersSystem system = fixture.System;

    public static TheoryData<string, string, HttpStatusCode, string> BadOrders => new()
    {
        { "malformed JSON", """{"customerId":"c","items":[{"productId":"descaler","quantity":1}""", HttpStatusCode.BadRequest, "items[1]" },
        { "not JSON at all", "hello", HttpStatusCode.BadRequest, "body" },
        { "empty body", "", HttpStatusCode.BadRequest, "body" },
        { "JSON null", "null", HttpStatusCode.BadRequest, "body" },
        { "quantity as text", $$"""{"customerId":"c","items":[{"productId":"descaler","quantity":"two"}],"card":{{Card}}}""", HttpStatusCode.BadRequest, "items[0].quantity" },
        { "quantity as numeric string", $$"""{"customerId":"c","items":[{"productId":"descaler","quantity":"2"}],"card":{{Card}}}""", HttpStatusCode.BadRequest, "items[0].quantity" },
        { "fractional quantity", $$"""{"customerId":"c","items":[{"productId":"descaler","quantity":1.5}],"card":{{Card}}}""", HttpStatusCode.BadRequest, "items[0].quantity" },
        { "huge quantity", $$"""{"customerId":"c","items":[{"productId":"descaler","quantity":1},{"productId":"french-press","quantity":99999999999999999999}],"card":{{Card}}}""", HttpStatusCode.BadRequest, "items[1].quantity" },
        { "customerId as number", $$"""{"customerId":42,"items":[{"productId":"descaler","quantity":1}],"card":{{Card}}}""", HttpStatusCode.BadRequest, "customerId" },
        { "items not an array", $$"""{"customerId":"c","items":{"productId":"descaler"},"card":{{Card}}}""", HttpStatusCode.BadRequest, "items" },
        { "card number as number", $$$"""{"customerId":"c","items":[{"productId":"descaler","quantity":1}],"card":{"number":4242424242424242,"expiry":"{{{Expiry}}}","cvc":"123"}}""", HttpStatusCode.BadRequest, "card.number" },
        { "no items", OrdersSystem.OrderJson(items: "[]"), HttpStatusCode.BadRequest, "items" },
        { "too many lines", OrdersSystem.OrderJson(items: "[" + string.Join(',', Enumerable.Range(0, 21).Select(i => $$"""{"productId":"p{{i}}","quantity":1}""")) + "]"), HttpStatusCode.BadRequest, "items" },
        { "zero quantity", OrdersSystem.OrderJson(items: """[{"productId":"descaler","quantity":0}]"""), HttpStatusCode.BadRequest, "items[0].quantity" },
        { "negative quantity", OrdersSystem.OrderJson(items: """[{"productId":"descaler","quantity":-3}]"""), HttpStatusCode.BadRequest, "items[0].quantity" },
        { "too large quantity", OrdersSystem.OrderJson(items: """[{"productId":"descaler","quantity":101}]"""), HttpStatusCode.BadRequest, "items[0].quantity" },
        { "missing quantity", OrdersSystem.OrderJson(items: """[{"productId":"descaler"}]"""), HttpStatusCode.BadRequest, "items[0].quantity" },
        { "duplicate product", OrdersSystem.OrderJson(items: """[{"productId":"descaler","quantity":1},{"productId":"descaler","quantity":2}]"""), HttpStatusCode.BadRequest, "items[1].productId" },
        { "over-long product id", OrdersSystem.OrderJson(items: $$"""[{"productId":"{{new string('p', 65)}}","quantity":1}]"""), HttpStatusCode.BadRequest, "items[0].productId" },
        { "unknown product", OrdersSystem.OrderJson(items: """[{"productId":"descaler","quantity":1},{"productId":"flux-capacitor","quantity":1}]"""), HttpStatusCode.UnprocessableEntity, "items[1].productId" },
        { "missing card", """{"customerId":"c","items":[{"productId":"descaler","quantity":1}]}""", HttpStatusCode.BadRequest, "card" },
        { "card fails Luhn", OrdersSystem.OrderJson(card: $$"""{"number":"4242424242424241","expiry":"{{Expiry}}","cvc":"123"}"""), HttpStatusCode.BadRequest, "card.number" },
        { "card too short", OrdersSystem.OrderJson(card: $$"""{"number":"4242","expiry":"{{Expiry}}","cvc":"123"}"""), HttpStatusCode.BadRequest, "card.number" },
        { "card expired", OrdersSystem.OrderJson(card: """{"number":"4242424242424242","expiry":"01/20","cvc":"123"}"""), HttpStatusCode.BadRequest, "card.expiry" },
        { "expiry not MM/YY", OrdersSystem.OrderJson(card: """{"number":"4242424242424242","expiry":"2030-12","cvc":"123"}"""), HttpStatusCode.BadRequest, "card.expiry" },
        { "bad cvc", OrdersSystem.OrderJson(card: $$"""{"number":"4242424242424242","expiry":"{{Expiry}}","cvc":"12x"}"""), HttpStatusCode.BadRequest, "card.cvc" },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task A_bad_order_is_a_problem_naming_the_field_and_writes_nothing(string reason, string json, HttpStatusCode status, string field)
    {
        Assert.NotEmpty(reason);
        var before = await system.CountAllAsync();

        var response = await system.PlaceAsync(Guid.NewGuid().ToString(), json);

        await Problems.AssertAsync(response, status, field);
        Assert.Equal(before, await system.CountAllAsync());
    }

    [Fact]
    public async Task A_missing_idempotency_key_is_400()
    {
        var before = await system.CountAllAsync();
        await Problems.AssertAsync(await system.PlaceAsync(null, OrdersSystem.OrderJson()), HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.Equal(before, await system.CountAllAsync());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var before = await system.CountAllAsync();
        var huge = OrdersSystem.OrderJson(customerId: new string('x', 70_000));

        await Problems.AssertAsync(await system.PlaceAsync(Guid.NewGuid().ToString(), huge), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await system.CountAllAsync());
    }

    [Fact]
    public async Task Payments_down_while_tokenizing_is_503_and_writes_nothing()
    {
        var before = await system.CountAllAsync();
        system.Link.AllDown = true;
        try
        {
            await Problems.AssertAsync(await system.PlaceAsync(Guid.NewGuid().ToString(), OrdersSystem.OrderJson()), HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            system.Link.AllDown = false;
        }

        Assert.Equal(before, await system.CountAllAsync());
    }

    [Theory]
    [InlineData("/api/orders/0f8b2c1e-6a57-4b7f-9d8e-2a1c3b4d5e6f", HttpStatusCode.NotFound, null)]
    [InlineData("/api/orders/not-a-guid", HttpStatusCode.NotFound, null)]
    [InlineData("/api/orders?limit=0", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/api/orders?limit=1000", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/api/orders?limit=ten", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/api/orders?after=not-a-cursor", HttpStatusCode.BadRequest, "after")]
    public async Task Bad_reads_are_problems(string url, HttpStatusCode status, string? field) =>
        await Problems.AssertAsync(await system.Client.GetAsync(url), status, field);

    [Fact]
    public async Task Cancelling_an_unknown_order_is_404()
    {
        var before = await system.CountAllAsync();
        await Problems.AssertAsync(await system.Client.PostAsync($"/api/orders/{Guid.NewGuid()}/cancel", null), HttpStatusCode.NotFound);
        Assert.Equal(before, await system.CountAllAsync());
    }

    [Fact]
    public async Task Wrong_content_type_is_a_problem_not_a_500()
    {
        var response = await system.Client.PostAsync("/api/orders", new StringContent(OrdersSystem.OrderJson(), Encoding.UTF8, "text/plain"));
        Assert.True(response.StatusCode is HttpStatusCode.UnsupportedMediaType or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
