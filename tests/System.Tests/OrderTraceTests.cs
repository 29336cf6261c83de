using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReferenceApp.Testing;

namespace ReferenceApp.SystemTests;

/// <summary>One order, followed through every service by what they export over OTLP, as a collector would see it.</summary>
public class OrderTraceTests(SystemFixture system)
{
    private const string CardNumber = "4242424242424242";
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_order_is_one_trace_from_the_gateway_through_orders_and_its_dispatch_to_payments()
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var placed = await PlaceOrderAsync(traceId);
        await WaitForStatusAsync(placed.OrderId, "Paid");

        var spans = (await system.Host.Telemetry.WaitForSpansAsync(
            // Each service exports on its own schedule: wait until every expected one has delivered its part.
            all => all.Any(s => s.TraceId == traceId && s.ServiceName == "payments" && IsDatabaseCall(s)) &&
                   all.Any(s => s.TraceId == traceId && s.Name.Contains("outbox", StringComparison.OrdinalIgnoreCase)) &&
                   all.Any(s => s.TraceId == traceId && s.ServiceName == "gateway") &&
                   all.Any(s => s.TraceId == traceId && s.ServiceName == $"orders-{placed.Version}"),
            ExportWait)).Where(s => s.TraceId == traceId).ToList();

        var services = spans.Select(s => s.ServiceName).ToHashSet();
        Assert.Contains("gateway", services);
        Assert.Contains($"orders-{placed.Version}", services);
        Assert.Contains("payments", services);
        // Either version's dispatcher may take the outbox record: both share one database.
        var dispatch = Assert.Single(spans, s => s.ServiceName.StartsWith("orders-", StringComparison.Ordinal) && s.Name.Contains("outbox", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(placed.OrderId, dispatch.Attributes["order.id"]);
        Assert.Contains(spans, s => s.ServiceName.StartsWith("orders-", StringComparison.Ordinal) && IsDatabaseCall(s));
        Assert.Contains(spans, s => s.ServiceName == "payments" && IsDatabaseCall(s));
    }

    [Fact]
    public async Task The_spans_carry_the_order_customer_version_and_payment_outcome_operators_filter_on()
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var placed = await PlaceOrderAsync(traceId);
        await WaitForStatusAsync(placed.OrderId, "Paid");
        var orders = $"orders-{placed.Version}";

        var spans = (await system.Host.Telemetry.WaitForSpansAsync(
            all => all.Any(s => s.TraceId == traceId && s.ServiceName == "payments" && s.Attributes.ContainsKey("payment.outcome")) &&
                   all.Any(s => s.TraceId == traceId && s.ServiceName.StartsWith("orders-", StringComparison.Ordinal) && s.Attributes.ContainsKey("payment.outcome")) &&
                   all.Any(s => s.TraceId == traceId && s.Attributes.GetValueOrDefault("referenceapp.order.outcome") == "accepted"),
            ExportWait)).Where(s => s.TraceId == traceId).ToList();

        // The request that stored the order: its server span says "accepted", in the version that took it. That is the
        // version that answered, unless the gateway retried a first attempt slower than its activity timeout on the other
        // version, which then replayed the stored order (the answering version's span says "replayed").
        var request = Assert.Single(spans, s => s.ServiceName.StartsWith("orders-", StringComparison.Ordinal)
            && s.Attributes.GetValueOrDefault("referenceapp.order.outcome") == "accepted");
        Assert.Equal(placed.OrderId, request.Attributes["order.id"]);
        // The customer is the token's subject, whatever the body named (issue 15).
        Assert.Equal(placed.CustomerId, request.Attributes["customer.id"]);
        Assert.NotEqual("trace-" + traceId[..8], placed.CustomerId);
        Assert.Equal(request.ServiceName["orders-".Length..], request.Attributes["orders.version"]);
        Assert.Contains(spans, s => s.ServiceName == orders
            && s.Attributes.GetValueOrDefault("referenceapp.order.outcome") is "accepted" or "replayed");

        // The outbox dispatch, later in the same trace, by whichever version's dispatcher took the record (one database).
        var dispatch = Assert.Single(spans, s => s.ServiceName.StartsWith("orders-", StringComparison.Ordinal) && s.Name.Contains("outbox", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(placed.OrderId, dispatch.Attributes["order.id"]);
        Assert.Equal(dispatch.ServiceName["orders-".Length..], dispatch.Attributes["orders.version"]);
        Assert.Equal("captured", dispatch.Attributes["payment.outcome"]);

        // The charge in payments.
        var charge = Assert.Single(spans, s => s.ServiceName == "payments" && s.Attributes.ContainsKey("payment.outcome"));
        Assert.Equal(placed.OrderId, charge.Attributes["order.id"]);
        Assert.Equal("captured", charge.Attributes["payment.outcome"]);

        // Nothing of the card but what is meant to be shown.
        Assert.All(spans, s => Assert.DoesNotContain(s.Attributes, a => a.Value.Contains(CardNumber, StringComparison.Ordinal) || a.Key.Contains("card", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task No_card_number_reaches_telemetry_or_console_logs()
    {
        var placed = await PlaceOrderAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        await WaitForStatusAsync(placed.OrderId, "Paid");

        // An absence only counts where the order's telemetry and logs did arrive: its spans, the exported log lines of the
        // requests that name it (the status polls above), and the same lines on the consoles of the gateway and the version
        // that served it.
        await system.Host.Telemetry.WaitForSpansAsync(all => all.Any(s => s.Attributes.GetValueOrDefault("order.id") == placed.OrderId), ExportWait);
        await system.Host.Telemetry.WaitForPayloadContainingAsync("/v1/logs", placed.OrderId, ExportWait);
        await system.Host.WaitForConsoleAsync("gateway", placed.OrderId, ExportWait);
        await system.Host.WaitForConsoleAsync($"orders-{placed.Version}", placed.OrderId, ExportWait);

        var cardBytes = Encoding.UTF8.GetBytes(CardNumber);
        foreach (var (path, body) in system.Host.Telemetry.Payloads)
        {
            Assert.True(body.AsSpan().IndexOf(cardBytes) < 0, $"a card number was exported to {path}");
        }

        foreach (var service in ReferenceAppHost.Services)
        {
            Assert.DoesNotContain(CardNumber, await system.Host.ConsoleLogsAsync(service));
        }
    }

    [Fact]
    public async Task Health_probes_are_left_out_of_traces()
    {
        // The AppHost probes /health every few seconds; by now each service has answered many probes.
        await PlaceOrderAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var spans = await system.Host.Telemetry.WaitForSpansAsync(all => all.Count > 0, ExportWait);

        Assert.NotEmpty(spans);
        Assert.DoesNotContain(spans, s => s.Attributes.TryGetValue("url.path", out var path) && path is "/health" or "/alive" or "/metrics");
    }

    private static bool IsDatabaseCall(ReceivedSpan span) =>
        span.Attributes.Keys.Any(key => key.StartsWith("db.", StringComparison.Ordinal));

    private async Task<(string OrderId, string Version, string CustomerId)> PlaceOrderAsync(string traceId)
    {
        using var gateway = await system.Host.SignedInGatewayAsync();
        var products = await gateway.GetFromJsonAsync<JsonElement>("/api/products");
        var productId = products[0].GetProperty("id").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                customerId = "trace-" + traceId[..8],
                items = new[] { new { productId, quantity = 1 } },
                card = new { number = CardNumber, expiry = TestCards.FutureExpiry, cvc = "123" },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        // The test is the trace's root: the gateway continues the trace id we choose.
        request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");

        using var response = await gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (order.GetProperty("id").GetString()!, Assert.Single(response.Headers.GetValues("X-Orders-Version")),
            order.GetProperty("customerId").GetString()!);
    }

    private async Task WaitForStatusAsync(string orderId, string status)
    {
        using var gateway = await system.Host.SignedInGatewayAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? current = null;
        while (DateTime.UtcNow < deadline)
        {
            var order = await gateway.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
            current = order.GetProperty("status").GetString();
            if (current == status)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"order {orderId} is {current}, not {status}");
    }
}
