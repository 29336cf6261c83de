using System.Net;

namespace ReferenceApp.Orders.Tests.Integration;

/// <summary>
/// An order that is not stored leaves no card behind in paymentsdb, however it failed after the card was tokenized:
/// the tokenize answer lost, ordersdb failing before the order was written, a concurrent request winning the key.
/// Orders has its own PostgreSQL here, so a test can stop it while payments keeps running.
/// </summary>
public sealed class CardTokenCleanupTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PostgresServer ordersServer = null!;
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync()
    {
        ordersServer = await PostgresServer.StartAsync();
        system = await OrdersSystem.StartAsync(postgres.Server, ordersServer: ordersServer, settings: new Dictionary<string, string?>
        {
            // Short waits for tests: these are delays, never pass/fail timings.
            ["Orders:CardRelease:GraceMs"] = "50",
            ["Orders:CardRelease:RetryDelayMs"] = "100",
        });
        await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "before")); // "no card left" is judged against a non-empty table
    }

    public async ValueTask DisposeAsync()
    {
        await system.DisposeAsync();
        await ordersServer.DisposeAsync();
    }

    [Fact]
    public async Task A_card_whose_tokenize_answer_was_lost_is_released()
    {
        var cards = await system.Payments.CountAsync("cards");
        system.Link.LoseNextTokenizeResponses(1);

        var response = await system.PlaceAsync(Guid.NewGuid().ToString(), OrdersSystem.OrderJson(customerId: "lost-answer"));

        await Problems.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        await WaitForCardsAsync(cards);
    }

    [Fact]
    public async Task A_card_tokenized_for_an_order_that_ordersdb_failed_to_store_is_released_once_ordersdb_is_back()
    {
        var cards = await system.Payments.CountAsync("cards");
        var orders = await system.CountAsync("orders");
        system.Link.AfterTokenize = async () =>
        {
            system.Link.AfterTokenize = null;
            await ordersServer.StopAsync();
        };

        var response = await system.PlaceAsync(Guid.NewGuid().ToString(), OrdersSystem.OrderJson(customerId: "db-down"));
        await Problems.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(cards + 1, await system.Payments.CountAsync("cards")); // ordersdb is down: whether the order exists cannot be known yet

        await ordersServer.StartAgainAsync();
        await WaitForCardsAsync(cards);
        // Unpooled: this test's own pooled connections were cut by the restart.
        Assert.Equal(orders, await OrdersSystem.ScalarAsync<long>(system.OrdersConnectionString + ";Pooling=false", "select count(*) from orders"));
    }

    [Fact]
    public async Task Requests_that_lose_the_race_for_a_key_release_their_cards()
    {
        var cards = await system.Payments.CountAsync("cards");
        var key = Guid.NewGuid().ToString();
        var json = OrdersSystem.OrderJson(customerId: "race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => system.PlaceAsync(key, json)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        await WaitForCardsAsync(cards + 1); // the winner's card, and only that
    }

    /// <summary>Polls until paymentsdb holds <paramref name="expected"/> cards; the bound only stops a broken run.</summary>
    private async Task WaitForCardsAsync(long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long count;
        while ((count = await system.Payments.CountAsync("cards")) != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"paymentsdb still holds {count} cards, expected {expected}");
            await Task.Delay(50);
        }
    }
}
