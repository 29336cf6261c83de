using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReferenceApp.Orders.Outbox;
using ReferenceApp.Orders.Telemetry;

namespace ReferenceApp.Orders.Tests.Integration;

public sealed class CardDataAndTracingTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Pan = "5555555555554444";
    private readonly LogCapture logs = new();
    private readonly ConcurrentBag<Activity> activities = [];
    private ActivityListener listener = null!;
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        system = await OrdersSystem.StartAsync(postgres.Server,
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
    }

    public async ValueTask DisposeAsync()
    {
        await system.DisposeAsync();
        listener.Dispose();
    }

    [Fact]
    public async Task The_card_number_rests_nowhere_and_one_trace_covers_request_and_payment()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = new StringContent(OrdersSystem.OrderJson(customerId: "secret", card: $$"""{"number":"{{Pan}}","expiry":"{{TestCards.FutureExpiry}}","cvc":"321"}"""), Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() }, { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" } },
        };
        var response = await system.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal("Paid", (await system.WaitUntilSettledAsync([id]))[id]);

        // Databases: every row of every table, as text.
        foreach (var table in new[] { "orders", "order_lines", "outbox", "idempotency_requests" })
        {
            var dump = await OrdersSystem.ScalarAsync<string>(system.OrdersConnectionString, $"select coalesce(string_agg(t::text, '|'), '') from {table} t");
            Assert.DoesNotContain(Pan, dump, StringComparison.Ordinal);
        }

        foreach (var table in new[] { "cards", "payments" })
        {
            var dump = await OrdersSystem.ScalarAsync<string>(system.Payments.ConnectionString, $"select coalesce(string_agg(t::text, '|'), '') from {table} t");
            Assert.DoesNotContain(Pan, dump, StringComparison.Ordinal);
        }

        // The CVC has nowhere to go: no column of either database is meant for it.
        Assert.Equal(0L, await OrdersSystem.ScalarAsync<long>(system.Payments.ConnectionString,
            "select count(*) from information_schema.columns where table_schema = 'public' and column_name ilike '%cvc%'"));

        // Logs (at Trace level) and every recorded activity's tags.
        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(Pan, StringComparison.Ordinal));
        Assert.DoesNotContain(activities, a => a.TagObjects.Any(t => t.Value?.ToString()?.Contains(Pan, StringComparison.Ordinal) == true));

        // The outbox delivery continues the request's trace.
        var dispatch = Assert.Single(activities, a => a.Source.Name == PaymentDispatch.ActivitySource.Name && Equals(a.GetTagItem("order.id")?.ToString(), id));
        Assert.Equal(traceId, dispatch.TraceId);
        var placing = Assert.Single(activities, a => a.TraceId == traceId && a.Kind == ActivityKind.Server && a.DisplayName.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal(placing.SpanId, dispatch.ParentSpanId);
        Assert.Equal("captured", dispatch.GetTagItem(OrderSpanAttributes.PaymentOutcome));
    }

    private sealed class LogCapture : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception) + " " + exception + " " + state);

        public void Dispose()
        {
        }
    }
}
