using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReferenceApp.SystemTests;

/// <summary>After an order, the /metrics scrape of the orders version that served it and of payments shows the business metrics.</summary>
public class BusinessMetricsTests(SystemFixture system)
{
    [Fact]
    public async Task Metrics_endpoints_expose_orders_placed_payments_by_outcome_and_the_outbox_backlog_after_an_order()
    {
        using var gateway = system.Host.CreateHttpClient("gateway");
        var products = await gateway.GetFromJsonAsync<JsonElement>("/api/products", TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                customerId = "metrics-customer",
                items = new[] { new { productId = products[0].GetProperty("id").GetString(), quantity = 1 } },
                card = new { number = "4242424242424242", expiry = "12/30", cvc = "123" },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var placed = await gateway.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var version = Assert.Single(placed.Headers.GetValues("X-Orders-Version"));

        // Placement is counted by the version that served the request (before it answered); the backlog gauges by both.
        var orders = await ScrapeUntilAsync($"orders-{version}", "referenceapp_orders_placed_total{", "referenceapp_orders_outbox_backlog{");
        Assert.Contains(orders, line => line.StartsWith("referenceapp_orders_placed_total{", StringComparison.Ordinal)
            && line.Contains($"orders_version=\"{version}\"", StringComparison.Ordinal) && line.Contains("outcome=\"accepted\"", StringComparison.Ordinal));
        Assert.Contains(orders, line => line.StartsWith("referenceapp_orders_value_bucket{", StringComparison.Ordinal) && line.Contains("currency=", StringComparison.Ordinal));
        Assert.Contains(orders, line => line.StartsWith("referenceapp_orders_outbox_oldest_age_seconds{", StringComparison.Ordinal));

        // The payment is settled by whichever version's dispatcher took the outbox record (both share one database).
        var settled = await ScrapeEitherUntilAsync(["orders-v1", "orders-v2"],
            line => line.StartsWith("referenceapp_orders_settled_total{", StringComparison.Ordinal) && line.Contains("order_status=\"Paid\"", StringComparison.Ordinal));
        Assert.Contains(settled, line => line.StartsWith("referenceapp_orders_placed_to_paid_duration_seconds_count{", StringComparison.Ordinal));

        var payments = await ScrapeUntilAsync("payments", "referenceapp_payments_charges_total{", "referenceapp_payments_provider_duration_seconds_bucket{");
        Assert.Contains(payments, line => line.StartsWith("referenceapp_payments_charges_total{", StringComparison.Ordinal)
            && line.Contains("payment_outcome=\"captured\"", StringComparison.Ordinal));
    }

    /// <summary>Scrapes the resources in turn until one has a matching line and returns that scrape; the deadline is only a safety net.</summary>
    private async Task<IReadOnlyList<string>> ScrapeEitherUntilAsync(string[] resources, Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            foreach (var resource in resources)
            {
                using var client = system.Host.CreateHttpClient(resource);
                var lines = (await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken)).Split('\n');
                if (lines.Any(match) || DateTime.UtcNow > deadline)
                {
                    Assert.Contains(lines, line => match(line));
                    return lines;
                }
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Scrapes until every prefix is there; the deadline is only a safety net against hanging.</summary>
    private async Task<IReadOnlyList<string>> ScrapeUntilAsync(string resource, params string[] prefixes)
    {
        using var client = system.Host.CreateHttpClient(resource);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var lines = (await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken)).Split('\n');
            if (prefixes.All(prefix => lines.Any(line => line.StartsWith(prefix, StringComparison.Ordinal))) || DateTime.UtcNow > deadline)
            {
                return lines;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }
}
