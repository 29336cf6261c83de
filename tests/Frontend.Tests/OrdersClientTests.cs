using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

public sealed class OrdersClientTests
{
    internal const string OrderJson = """
        {"id":"0f8b2c1e-6a57-4b7f-9d8e-2a1c3b4d5e6f","customerId":"c1","status":"Pending","currency":"EUR",
         "lines":[{"productId":"coffee-beans-1kg","productName":"Beans","unitPrice":24.90,"quantity":3,"lineTotal":74.70}],
         "subtotal":74.70,"discount":7.47,"total":67.23,"pricedBy":"v2","cardLast4":"4242","paymentId":null,"failureReason":null,
         "createdAt":"2026-11-26T14:05:00.123+00:00","updatedAt":"2026-11-26T14:05:00.123+00:00"}
        """;

    private static OrdersClient Client(StubGateway gateway) => new(gateway.Client(), NullLogger<OrdersClient>.Instance);

    [Fact]
    public async Task Placing_an_order_sends_the_idempotency_key_the_customer_and_the_contract_body()
    {
        var gateway = new StubGateway((_, _) => StubGateway.Json(HttpStatusCode.Created, OrderJson, ordersVersion: "v2"));
        var order = new PlaceOrderRequest("c1", [new OrderItem("coffee-beans-1kg", 3)], new CardDetails("4242424242424242", "12/30", "123"));

        var result = await Client(gateway).PlaceOrderAsync(order, "checkout-key-1");

        Assert.True(result.Succeeded);
        Assert.Equal("v2", result.OrdersVersion);
        Assert.Equal(67.23m, result.Value!.Total);
        var (request, body) = Assert.Single(gateway.Received);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://gateway/api/orders", request.RequestUri!.ToString());
        Assert.Equal("checkout-key-1", Assert.Single(request.Headers.GetValues("Idempotency-Key")));
        Assert.Equal("c1", Assert.Single(request.Headers.GetValues(OrdersClient.CustomerHeader)));
        using var json = JsonDocument.Parse(body!);
        Assert.Equal("c1", json.RootElement.GetProperty("customerId").GetString());
        Assert.Equal("coffee-beans-1kg", json.RootElement.GetProperty("items")[0].GetProperty("productId").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.Equal("12/30", json.RootElement.GetProperty("card").GetProperty("expiry").GetString());
        Assert.NotNull(request.Content!.Headers.ContentLength);
    }

    [Fact]
    public async Task A_validation_problem_keeps_its_field_errors()
    {
        var gateway = new StubGateway((_, _) => StubGateway.Json(HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"card.number":["The card number is not valid."]}}""",
            "application/problem+json"));

        var result = await Client(gateway).PlaceOrderAsync(new PlaceOrderRequest("c1", [], new CardDetails("1", "1", "1")), "k");

        Assert.False(result.Succeeded);
        Assert.Equal(ServiceProblemKind.Invalid, result.Problem!.Kind);
        Assert.Equal(["The card number is not valid."], result.Problem.FieldErrors["card.number"]);
        Assert.Equal("v1", result.OrdersVersion);
    }

    [Fact]
    public async Task A_conflict_says_what_the_service_said()
    {
        var gateway = new StubGateway((_, _) => StubGateway.Json(HttpStatusCode.Conflict,
            """{"title":"Conflict","status":409,"detail":"The order is Cancelled and cannot be cancelled."}""", "application/problem+json"));

        var result = await Client(gateway).CancelOrderAsync("c1", "o1");

        Assert.Equal(ServiceProblemKind.Conflict, result.Problem!.Kind);
        Assert.Equal("The order is Cancelled and cannot be cancelled.", result.Problem.Message);
        Assert.Equal("http://gateway/api/orders/o1/cancel", Assert.Single(gateway.Received).Request.RequestUri!.ToString());
    }

    [Fact]
    public async Task A_server_error_is_reported_as_unavailable_without_details()
    {
        var gateway = new StubGateway((_, _) => StubGateway.Json(HttpStatusCode.ServiceUnavailable,
            """{"title":"Injected fault","status":503,"detail":"System.Exception: secret stack"}""", "application/problem+json"));

        var result = await Client(gateway).GetProductsAsync("c1");

        Assert.Equal(ServiceProblemKind.Unavailable, result.Problem!.Kind);
        Assert.DoesNotContain("stack", result.Problem.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unreachable_gateway_is_reported_as_unavailable()
    {
        var gateway = new StubGateway((_, _) => throw new HttpRequestException("Connection refused"));

        var result = await Client(gateway).GetOrderAsync("c1", "o1");

        Assert.Equal(ServiceProblemKind.Unavailable, result.Problem!.Kind);
        Assert.Contains("orders", result.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_history_asks_for_a_page_after_the_cursor()
    {
        var gateway = new StubGateway((_, _) => StubGateway.Json(HttpStatusCode.OK,
            """{"items":[{"id":"o1","status":"Paid","total":10.00,"currency":"EUR","lineCount":1,"createdAt":"2026-11-26T14:05:00+00:00"}],"nextCursor":"abc=="}"""));

        var result = await Client(gateway).GetOrdersAsync("c1", 10, "xyz+/=");

        Assert.Equal("abc==", result.Value!.NextCursor);
        Assert.Equal("Paid", Assert.Single(result.Value.Items).Status);
        Assert.Equal("/api/orders?limit=10&after=xyz%2B%2F%3D", Assert.Single(gateway.Received).Request.RequestUri!.PathAndQuery);
    }
}
