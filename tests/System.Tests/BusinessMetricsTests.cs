using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReferenceApp.Testing;

namespace ReferenceApp.SystemTests;

/// <summary>After an order, the /metrics scrape of the orders version that served it and of payments shows the business metrics.</summary>
public class BusinessMetricsTests(SystemFixture system)
{
    private static readonly TimeSpan ScrapeWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_endpoints_expose_orders_placed_payments_by_outcome_and_the_outbox_backlog_after_an_order()
    {
        using var gateway = await system.Host.SignedInGatewayAsync(TestContext.Current.CancellationToken);
        var products = await gateway.GetFromJsonAsync<JsonElement>("/api/products", TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                customerId = "metrics-customer",
                items = new[] { new { productId = products[0].GetProperty("id").GetString(), quantity = 1 } },
                card = new { number = "4242424242424242", expiry = TestCards.FutureExpiry, cvc = "123" },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var placed = await gateway.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var version = Assert.Single(placed.Headers.GetValues("X-Orders-Version"));
        var ofVersion = $"orders_version=\"{version}\"";

        // The version that answered counts its answer: "accepted", or "replayed" when the gateway retried a slow first
        // attempt (with the same Idempotency-Key) on it after the other version had stored the order. The backlog gauges
        // come from both versions.
        var orders = await ScrapeUntilAsync($"orders-{version}",
            line => line.StartsWith("referenceapp_orders_placed_total{", StringComparison.Ordinal) && line.Contains(ofVersion, StringComparison.Ordinal)
                && (line.Contains("outcome=\"accepted\"", StringComparison.Ordinal) || line.Contains("outcome=\"replayed\"", StringComparison.Ordinal)),
            line => line.StartsWith("referenceapp_orders_outbox_backlog{", StringComparison.Ordinal) && line.Contains(ofVersion, StringComparison.Ordinal),
            line => line.StartsWith("referenceapp_orders_outbox_oldest_age_seconds{", StringComparison.Ordinal) && line.Contains(ofVersion, StringComparison.Ordinal));
        // The version that stored it counts it accepted, with its value.
        await ScrapeEitherUntilAsync(["orders-v1", "orders-v2"],
            line => line.StartsWith("referenceapp_orders_placed_total{", StringComparison.Ordinal) && line.Contains("outcome=\"accepted\"", StringComparison.Ordinal),
            line => line.StartsWith("referenceapp_orders_value_bucket{", StringComparison.Ordinal) && line.Contains("currency=", StringComparison.Ordinal));
        // Gauges of records still waiting: whole numbers of records and seconds of age, never negative.
        var backlog = ValueOf(orders, "referenceapp_orders_outbox_backlog{", ofVersion);
        Assert.True(backlog >= 0 && backlog == Math.Floor(backlog), $"outbox backlog {backlog}");
        Assert.True(ValueOf(orders, "referenceapp_orders_outbox_oldest_age_seconds{", ofVersion) >= 0);

        // The payment is settled by whichever version's dispatcher took the outbox record (both share one database).
        var settled = await ScrapeEitherUntilAsync(["orders-v1", "orders-v2"],
            line => line.StartsWith("referenceapp_orders_settled_total{", StringComparison.Ordinal) && line.Contains("order_status=\"Paid\"", StringComparison.Ordinal));
        Assert.Contains(settled, line => line.StartsWith("referenceapp_orders_placed_to_paid_duration_seconds_count{", StringComparison.Ordinal));

        // The provider approved at least this charge, and its time is in the histogram under that decision.
        var approved = "provider_decision=\"approved\"";
        var payments = await ScrapeUntilAsync("payments",
            line => line.StartsWith("referenceapp_payments_charges_total{", StringComparison.Ordinal) && line.Contains("payment_outcome=\"captured\"", StringComparison.Ordinal),
            line => line.StartsWith("referenceapp_payments_provider_duration_seconds_count{", StringComparison.Ordinal) && line.Contains(approved, StringComparison.Ordinal));
        Assert.True(ValueOf(payments, "referenceapp_payments_provider_duration_seconds_count{", approved) >= 1);
        Assert.True(ValueOf(payments, "referenceapp_payments_provider_duration_seconds_sum{", approved) > 0);
        Assert.Contains(payments, line => line.StartsWith("referenceapp_payments_provider_duration_seconds_bucket{", StringComparison.Ordinal)
            && line.Contains(approved, StringComparison.Ordinal) && line.Contains("le=\"+Inf\"", StringComparison.Ordinal));
    }

    /// <summary>The value of the one sample whose line starts with <paramref name="prefix"/> and has the label <paramref name="label"/>.</summary>
    private static double ValueOf(IReadOnlyList<string> lines, string prefix, string label)
    {
        var line = Assert.Single(lines, l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        var sample = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
        return double.Parse(sample, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Scrapes the resources in turn until one has a line for every match and returns that scrape; fails after the deadline.</summary>
    private async Task<IReadOnlyList<string>> ScrapeEitherUntilAsync(string[] resources, params Func<string, bool>[] matches)
    {
        var deadline = DateTime.UtcNow + ScrapeWait;
        while (true)
        {
            foreach (var resource in resources)
            {
                using var client = system.Host.CreateHttpClient(resource);
                var lines = (await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken)).Split('\n');
                if (matches.All(match => lines.Any(match)))
                {
                    return lines;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no scrape of {string.Join(" or ", resources)} had the lines within {ScrapeWait.TotalSeconds:0} s");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Scrapes until every expected line is there; fails after the deadline naming the ones still missing.</summary>
    private async Task<IReadOnlyList<string>> ScrapeUntilAsync(string resource, params Func<string, bool>[] expected)
    {
        using var client = system.Host.CreateHttpClient(resource);
        var deadline = DateTime.UtcNow + ScrapeWait;
        while (true)
        {
            var lines = (await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken)).Split('\n');
            var missing = Enumerable.Range(0, expected.Length).Where(i => !lines.Any(expected[i])).ToList();
            if (missing.Count == 0)
            {
                return lines;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"the scrape of {resource} still lacks expected line(s) #{string.Join(", #", missing)} after {ScrapeWait.TotalSeconds:0} s:\n" +
                string.Join('\n', lines.Where(l => l.StartsWith("referenceapp_", StringComparison.Ordinal))));
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }
}
