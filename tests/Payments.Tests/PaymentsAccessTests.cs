using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReferenceApp.Payments.Tests;

/// <summary>
/// Payments trusts tokens: only orders (scope payments.charge) moves money and cards; a customer (scope payments) reads
/// only the payments charged for it, and another customer's payment is 404, so ids cannot be probed.
/// </summary>
public sealed class PaymentsAccessTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PaymentsApp app = null!;
    private HttpClient orders = null!;

    public async ValueTask InitializeAsync()
    {
        app = new PaymentsApp(await postgres.NewDatabaseAsync("payments"));
        orders = app.OrdersService();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/payments/cards" },
        { "DELETE", $"/api/payments/cards?orderId={Guid.Empty:D}" },
        { "POST", "/api/payments" },
        { "POST", $"/api/payments/{Guid.Empty:D}/refund" },
        { "GET", $"/api/payments/{Guid.Empty:D}" },
        { "GET", $"/api/payments?orderId={Guid.Empty:D}" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_anonymous_call_is_a_401_problem(string method, string path)
    {
        using var anonymous = app.CreateClient();

        using var response = await anonymous.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(0, await app.CountAsync("cards") + await app.CountAsync("payments"));
    }

    [Theory]
    [InlineData("POST", "/api/payments/cards")]
    [InlineData("DELETE", "/api/payments/cards?orderId=0f8b2c1e-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/payments")]
    [InlineData("POST", "/api/payments/0f8b2c1e-0000-0000-0000-000000000001/refund")]
    public async Task A_customer_cannot_move_cards_or_money_itself(string method, string path)
    {
        using var customer = app.Customer("customer-a");

        using var response = await customer.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.CountAsync("cards") + await app.CountAsync("payments"));
    }

    [Fact]
    public async Task The_orders_service_token_does_not_read_customers_payments()
    {
        var (orderId, paymentId) = await ChargeForAsync("customer-a");

        await AssertProblemAsync(await orders.GetAsync($"/api/payments/{paymentId}", TestContext.Current.CancellationToken), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await orders.GetAsync($"/api/payments?orderId={orderId}", TestContext.Current.CancellationToken), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_payment_is_recorded_for_its_customer_who_alone_reads_it()
    {
        var (orderId, paymentId) = await ChargeForAsync("customer-a");
        using var a = app.Customer("customer-a");
        using var b = app.Customer("customer-b");
        var cancellation = TestContext.Current.CancellationToken;

        var own = await a.GetFromJsonAsync<JsonElement>($"/api/payments/{paymentId}", cancellation);
        var ownList = await a.GetFromJsonAsync<JsonElement>($"/api/payments?orderId={orderId}", cancellation);
        var othersRead = await b.GetAsync($"/api/payments/{paymentId}", cancellation);
        var othersList = await b.GetFromJsonAsync<JsonElement>($"/api/payments?orderId={orderId}", cancellation);

        Assert.Equal(("customer-a", paymentId), (own.GetProperty("customerId").GetString(), own.GetProperty("id").GetString()));
        Assert.Equal(paymentId, Assert.Single(ownList.EnumerateArray()).GetProperty("id").GetString());
        var problem = await AssertProblemAsync(othersRead, HttpStatusCode.NotFound);
        Assert.Equal(await NotFoundDetailAsync(b), problem.GetProperty("title").GetString());
        Assert.Equal(0, othersList.GetArrayLength());
    }

    /// <summary>Another customer's payment and a payment that does not exist look the same.</summary>
    private static async Task<string?> NotFoundDetailAsync(HttpClient client) =>
        (await (await client.GetAsync($"/api/payments/{Guid.NewGuid()}", TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("title").GetString();

    private async Task<(Guid OrderId, string PaymentId)> ChargeForAsync(string customerId)
    {
        var orderId = Guid.NewGuid();
        var cancellation = TestContext.Current.CancellationToken;
        var card = await orders.PostAsJsonAsync("/api/payments/cards",
            new { number = "4242424242424242", expiry = TestCards.FutureExpiry, cvc = "123", orderId }, cancellation);
        Assert.Equal(HttpStatusCode.Created, card.StatusCode);
        var token = (await card.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("token").GetString();
        using var charge = new HttpRequestMessage(HttpMethod.Post, "/api/payments")
        {
            Content = JsonContent.Create(new { orderId, customerId, amount = 10m, currency = "EUR", cardToken = token }),
            Headers = { { "Idempotency-Key", $"order-{orderId}" } },
        };
        var charged = await orders.SendAsync(charge, cancellation);
        Assert.Equal(HttpStatusCode.Created, charged.StatusCode);
        return (orderId, (await charged.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("id").GetString()!);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? JsonContent.Create(new { }) : null,
    };

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
