using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ReferenceApp.Payments.Tests;

/// <summary>
/// Concurrent charges with one Idempotency-Key reach the provider once: the key is claimed in PostgreSQL before the call.
/// The provider is slowed so that the requests overlap while it answers.
/// </summary>
public sealed class ConcurrentChargeTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PaymentsApp app = null!;
    private HttpClient client = null!;

    private CountingCardProvider Provider => app.Services.GetRequiredService<CountingCardProvider>();

    public async ValueTask InitializeAsync()
    {
        app = new PaymentsApp(await postgres.NewDatabaseAsync("payments"),
            new Dictionary<string, string?> { ["Payments:Provider:LatencyMs"] = "300" }, CountingCardProvider.Register);
        client = app.OrdersService();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Concurrent_identical_charges_call_the_provider_once_and_all_get_the_same_payment()
    {
        var token = await TokenizeAsync();
        var orderId = Guid.NewGuid();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ChargeAsync($"order-{orderId}", orderId, token)));

        Assert.Equal(1, Provider.Calls);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await app.CountAsync("payments"));
    }

    [Fact]
    public async Task A_claim_whose_holder_died_is_taken_over_by_the_next_request()
    {
        var token = await TokenizeAsync();
        var orderId = Guid.NewGuid();
        var key = $"order-{orderId}";

        // A claimant that dies between claim and provider call: its transaction holds the key's row, uncommitted.
        await using var claimant = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Pooling = false }.ConnectionString);
        await claimant.OpenAsync();
        await using var transaction = await claimant.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var claim = new NpgsqlCommand("""
            insert into payments (id, order_id, idempotency_key, request_hash, amount, currency, card_token, status, created_at)
            values (gen_random_uuid(), $1, $2, 'h', 10, 'EUR', $3, 'Pending', now())
            """, claimant, transaction) { Parameters = { new() { Value = orderId }, new() { Value = key }, new() { Value = token } } })
        {
            await claim.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var charge = ChargeAsync(key, orderId, token);
        await WaitUntilAChargeWaitsOnTheClaimAsync();
        Assert.Equal(0, Provider.Calls);

        // kill -9 of the claimant's process: PostgreSQL ends its session and rolls its claim back.
        await using (var admin = new NpgsqlConnection(app.ConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var terminate = new NpgsqlCommand("select pg_terminate_backend($1)", admin) { Parameters = { new() { Value = claimant.ProcessID } } };
            Assert.True((bool)(await terminate.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        }

        var response = await charge;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, Provider.Calls);
        Assert.Equal(1, await app.CountAsync("payments"));
    }

    private async Task WaitUntilAChargeWaitsOnTheClaimAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var waiting = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'", connection);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await waiting.ExecuteScalarAsync(TestContext.Current.CancellationToken))! == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "No charge came to wait on the claimed key within 30 s.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private async Task<string> TokenizeAsync()
    {
        var response = await client.PostAsJsonAsync("/api/payments/cards", new { number = "4242424242424242", expiry = "12/30", cvc = "123" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> ChargeAsync(string key, Guid orderId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments")
        {
            Content = JsonContent.Create(new { orderId, customerId = "customer-1", amount = 10m, currency = "EUR", cardToken = token }),
            Headers = { { "Idempotency-Key", key } },
        };
        return await client.SendAsync(request);
    }
}
