using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace ReferenceApp.Payments.Tests;

public sealed class PaymentsApiTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PaymentsApp app = null!;
    private const string CustomerId = "customer-1";

    /// <summary>Orders, with its own token (scope payments.charge): tokenizes, charges, refunds, releases.</summary>
    private HttpClient client = null!;

    /// <summary>The customer the charges are for, reading its payments.</summary>
    private HttpClient customer = null!;

    public async ValueTask InitializeAsync()
    {
        app = new PaymentsApp(await postgres.NewDatabaseAsync("payments"));
        client = app.OrdersService();
        customer = app.Customer(CustomerId);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_good_card_is_captured_once_and_a_replay_returns_the_same_payment()
    {
        var token = await TokenizeAsync("4242424242424242");
        var orderId = Guid.NewGuid();

        var first = await ChargeAsync($"order-{orderId}", orderId, 49.80m, token);
        var replay = await ChargeAsync($"order-{orderId}", orderId, 49.80m, token);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var payment = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Captured", payment.GetProperty("status").GetString());
        Assert.Equal("4242", payment.GetProperty("cardLast4").GetString());
        Assert.Equal(payment.GetProperty("id").GetString(), (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(1, await app.CountAsync("payments"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422_and_another_key_for_a_charged_order_is_409()
    {
        var token = await TokenizeAsync("4242424242424242");
        var orderId = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await ChargeAsync($"order-{orderId}", orderId, 10m, token)).StatusCode);

        var differentBody = await ChargeAsync($"order-{orderId}", orderId, 11m, token);
        var otherKey = await ChargeAsync("some-other-key", orderId, 10m, token);

        await AssertProblemAsync(differentBody, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await AssertProblemAsync(otherKey, HttpStatusCode.Conflict);
        Assert.Equal(1, await app.CountAsync("payments"));
    }

    [Fact]
    public async Task Concurrent_charges_with_one_key_capture_once()
    {
        var token = await TokenizeAsync("4242424242424242");
        var orderId = Guid.NewGuid();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => ChargeAsync($"order-{orderId}", orderId, 25m, token)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await app.CountAsync("payments"));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_successful_charge_for_an_order()
    {
        var token = await TokenizeAsync("4242424242424242");
        var orderId = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        const string insert = """
            insert into payments (id, order_id, idempotency_key, request_hash, amount, currency, card_token, status, created_at)
            values (gen_random_uuid(), $1, $2, 'h', 10, 'EUR', $3, 'Captured', now())
            """;
        await Execute(connection, insert, orderId, "k1", token);

        var e = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, insert, orderId, "k2", token));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
        Assert.Equal("payments_one_charge_per_order", e.ConstraintName);

        static async Task Execute(NpgsqlConnection connection, string sql, Guid orderId, string key, string token)
        {
            await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = orderId }, new() { Value = key }, new() { Value = token } } };
            await command.ExecuteNonQueryAsync();
        }
    }

    [Theory]
    [InlineData("4000000000000002", "card_declined")]
    [InlineData("4000000000000069", "insufficient_funds")]
    public async Task Documented_cards_are_declined_and_cannot_be_refunded(string number, string reason)
    {
        var token = await TokenizeAsync(number);
        var orderId = Guid.NewGuid();

        var response = await ChargeAsync($"order-{orderId}", orderId, 10m, token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var payment = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Declined", payment.GetProperty("status").GetString());
        Assert.Equal(reason, payment.GetProperty("declineReason").GetString());
        await AssertProblemAsync(await client.PostAsync($"/api/payments/{payment.GetProperty("id").GetString()}/refund", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_refund_is_idempotent_and_listed_by_order()
    {
        var token = await TokenizeAsync("5555555555554444");
        var orderId = Guid.NewGuid();
        var id = (await (await ChargeAsync($"order-{orderId}", orderId, 99.99m, token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var first = await client.PostAsync($"/api/payments/{id}/refund", null);
        var second = await client.PostAsync($"/api/payments/{id}/refund", null);
        var listed = await customer.GetFromJsonAsync<JsonElement>($"/api/payments?orderId={orderId}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Refunded", listed[0].GetProperty("status").GetString());
        Assert.Equal(1, listed.GetArrayLength());
        await AssertProblemAsync(await client.PostAsync($"/api/payments/{Guid.NewGuid()}/refund", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_cards_of_an_order_that_was_not_stored_are_released_but_a_card_in_use_stays()
    {
        var notStored = Guid.NewGuid();
        var charged = Guid.NewGuid();
        await TokenizeAsync("4242424242424242", notStored);
        await TokenizeAsync("5555555555554444", notStored);
        var used = await TokenizeAsync("4242424242424242", charged);
        await TokenizeAsync("4242424242424242", charged); // tokenized for the order but never charged
        Assert.Equal(HttpStatusCode.Created, (await ChargeAsync($"order-{charged}", charged, 10m, used)).StatusCode);
        var before = await app.CountAsync("cards");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/payments/cards?orderId={notStored}")).StatusCode);
        Assert.Equal(before - 2, await app.CountAsync("cards"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/payments/cards?orderId={charged}")).StatusCode);
        Assert.Equal(before - 3, await app.CountAsync("cards"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/payments/cards?orderId={notStored}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChargeAsync($"order-{charged}", charged, 10m, used)).StatusCode); // its card is still there
        await AssertProblemAsync(await client.DeleteAsync("/api/payments/cards"), HttpStatusCode.BadRequest, "orderId");
    }

    [Fact]
    public async Task Reads_answer_head_like_get()
    {
        var token = await TokenizeAsync("4242424242424242");
        var orderId = Guid.NewGuid();
        var id = (await (await ChargeAsync($"order-{orderId}", orderId, 12.50m, token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var byOrder = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/payments?orderId={orderId}"));
        using var byId = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/payments/{id}"));
        using var missing = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/payments"));

        Assert.Equal(HttpStatusCode.OK, byOrder.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        // No assertion on the body: Kestrel drops the body of a HEAD answer, the in-process test server does not.
    }

    public static TheoryData<string, string> BadCards => new()
    {
        { $$"""{"number":"4242424242424241","expiry":"{{TestCards.FutureExpiry}}","cvc":"123"}""", "number" },
        { """{"number":"4242424242424242","expiry":"12/2030","cvc":"123"}""", "expiry" },
        { $$"""{"number":"4242424242424242","expiry":"{{TestCards.FutureExpiry}}","cvc":"1"}""", "cvc" },
        { $$"""{"number":4242424242424242,"expiry":"{{TestCards.FutureExpiry}}","cvc":"123"}""", "number" },
        { $$"""{"number":"4242424242424242","expiry":"{{TestCards.FutureExpiry}}",""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadCards))]
    public async Task A_bad_card_is_400_naming_the_field_and_stores_nothing(string json, string field)
    {
        var response = await client.PostAsync("/api/payments/cards", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await app.CountAsync("cards"));
    }

    [Fact]
    public async Task Bad_charges_are_rejected_without_writing()
    {
        var token = await TokenizeAsync("4242424242424242");
        var orderId = Guid.NewGuid();

        using var noKey = new HttpRequestMessage(HttpMethod.Post, "/api/payments") { Content = JsonContent.Create(new { orderId, amount = 10m, currency = "EUR", cardToken = token }) };
        await AssertProblemAsync(await client.SendAsync(noKey), HttpStatusCode.BadRequest, "Idempotency-Key");
        await AssertProblemAsync(await ChargeAsync("k", orderId, -1m, token), HttpStatusCode.BadRequest, "amount");
        await AssertProblemAsync(await ChargeAsync("k", orderId, 10m, "tok_unknown"), HttpStatusCode.UnprocessableEntity, "cardToken");
        using var amountAsText = new HttpRequestMessage(HttpMethod.Post, "/api/payments")
        {
            Content = new StringContent($$"""{"orderId":"{{orderId}}","customerId":"{{CustomerId}}","amount":"10","currency":"EUR","cardToken":"{{token}}"}""", Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "k" } },
        };
        await AssertProblemAsync(await client.SendAsync(amountAsText), HttpStatusCode.BadRequest, "amount");
        await AssertProblemAsync(await ChargeAsync("k", orderId, 10m, token, customerId: null), HttpStatusCode.BadRequest, "customerId");
        await AssertProblemAsync(await customer.GetAsync("/api/payments"), HttpStatusCode.BadRequest, "orderId");
        await AssertProblemAsync(await customer.GetAsync($"/api/payments/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        var huge = new StringContent(new string(' ', 70_000) + "{}", Encoding.UTF8, "application/json");
        await AssertProblemAsync(await client.PostAsync("/api/payments/cards", huge), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await app.CountAsync("payments"));
    }

    [Fact]
    public async Task A_failing_provider_answers_503_and_stores_nothing()
    {
        await using var failing = new PaymentsApp(await postgres.NewDatabaseAsync("payments"),
            new Dictionary<string, string?> { ["Payments:Provider:FailureRate"] = "1" });
        var http = failing.OrdersService();
        var token = (await (await http.PostAsJsonAsync("/api/payments/cards", new { number = "4242424242424242", expiry = TestCards.FutureExpiry, cvc = "123" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var request = ChargeRequest("k", Guid.NewGuid(), 10m, token);

        await AssertProblemAsync(await http.SendAsync(request), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(0, await failing.CountAsync("payments"));
    }

    private async Task<string> TokenizeAsync(string number, Guid? orderId = null)
    {
        var response = await client.PostAsJsonAsync("/api/payments/cards", new { number, expiry = TestCards.FutureExpiry, cvc = "123", orderId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> ChargeAsync(string key, Guid orderId, decimal amount, string token, string? customerId = CustomerId)
    {
        using var request = ChargeRequest(key, orderId, amount, token, customerId);
        return await client.SendAsync(request);
    }

    private static HttpRequestMessage ChargeRequest(string key, Guid orderId, decimal amount, string token, string? customerId = CustomerId) =>
        new(HttpMethod.Post, "/api/payments")
        {
            Content = JsonContent.Create(new { orderId, customerId, amount, currency = "EUR", cardToken = token }),
            Headers = { { "Idempotency-Key", key } },
        };

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"No error for '{field}': {body}");
        }
    }
}
