using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ReferenceApp.Orders.Telemetry;

namespace ReferenceApp.Orders.Tests.Integration;

/// <summary>The business instruments of the meter "ReferenceApp.Orders", observed in process as an exporter would see them.</summary>
public sealed class MetricsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync() => system = await OrdersSystem.StartAsync(postgres.Server, version: "v2");

    public async ValueTask DisposeAsync() => await system.DisposeAsync();

    private IMeterFactory Meters => system.Orders.Services.GetRequiredService<IMeterFactory>();

    private MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(Meters, OrdersMetrics.MeterName, instrument);

    [Fact]
    public async Task Placing_and_paying_an_order_is_counted_by_version_outcome_and_currency()
    {
        using var placed = Collect<long>("referenceapp.orders.placed");
        using var value = Collect<double>("referenceapp.orders.value");
        using var settled = Collect<long>("referenceapp.orders.settled");
        using var placedToPaid = Collect<double>("referenceapp.orders.placed_to_paid.duration");

        var key = Guid.NewGuid().ToString();
        var json = OrdersSystem.OrderJson(customerId: "metrics");
        var response = await system.PlaceAsync(key, json);
        var order = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        await system.PlaceAsync(key, json); // the same request again: a replay
        await system.PlaceAsync(Guid.NewGuid().ToString(), OrdersSystem.OrderJson(items: "[]")); // invalid
        Assert.Equal("Paid", (await system.WaitUntilSettledAsync([order.GetProperty("id").GetString()!]))[order.GetProperty("id").GetString()!]);
        await settled.WaitForMeasurementsAsync(1, Safety);

        Assert.Equal(["accepted", "invalid", "replayed"], placed.GetMeasurementSnapshot()
            .Select(m => (string)m.Tags["outcome"]!).Order(StringComparer.Ordinal));
        Assert.All(placed.GetMeasurementSnapshot(), m => Assert.Equal("v2", m.Tags["orders.version"]));
        var recordedValue = Assert.Single(value.GetMeasurementSnapshot());
        Assert.Equal((double)order.GetProperty("total").GetDecimal(), recordedValue.Value);
        Assert.Equal(order.GetProperty("currency").GetString(), recordedValue.Tags["currency"]);
        var paid = Assert.Single(settled.GetMeasurementSnapshot());
        Assert.Equal("Paid", paid.Tags["order.status"]);
        Assert.True(Assert.Single(placedToPaid.GetMeasurementSnapshot()).Value >= 0);
    }

    [Fact]
    public async Task A_declined_card_settles_as_payment_failed_and_is_not_timed_as_paid()
    {
        using var settled = Collect<long>("referenceapp.orders.settled");
        using var placedToPaid = Collect<double>("referenceapp.orders.placed_to_paid.duration");

        var id = (await system.PlaceOkAsync(OrdersSystem.OrderJson(card: OrdersSystem.DeclinedCard))).GetProperty("id").GetString()!;
        await system.WaitUntilSettledAsync([id]);
        await settled.WaitForMeasurementsAsync(1, Safety);

        Assert.Equal("PaymentFailed", Assert.Single(settled.GetMeasurementSnapshot()).Tags["order.status"]);
        Assert.Empty(placedToPaid.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Charges_that_fail_are_counted_as_retries_and_the_backlog_shows_what_waits()
    {
        using var retries = Collect<long>("referenceapp.orders.outbox.retries");
        // Its own instruments, so the service's monitor (every 5 s) cannot write between a read here and its observation.
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        var metrics = new OrdersMetrics(factory, new OrdersVersion("v2"));
        using var waiting = new MetricCollector<double>(factory, OrdersMetrics.MeterName, "referenceapp.orders.outbox.backlog");
        using var oldest = new MetricCollector<double>(factory, OrdersMetrics.MeterName, "referenceapp.orders.outbox.oldest_age");
        var monitor = new OutboxBacklogMonitor(system.Orders.Services.GetRequiredService<NpgsqlDataSource>(), metrics, TimeProvider.System,
            NullLogger<OutboxBacklogMonitor>.Instance);

        system.Link.ChargesDown = true;
        var id = (await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "backlog"))).GetProperty("id").GetString()!;
        await retries.WaitForMeasurementsAsync(1, Safety);
        metrics.Backlog = await monitor.ReadAsync(TestContext.Current.CancellationToken);
        waiting.RecordObservableInstruments();
        oldest.RecordObservableInstruments();

        Assert.Equal("v2", retries.LastMeasurement!.Tags["orders.version"]);
        Assert.Equal(1, waiting.LastMeasurement!.Value);
        Assert.True(oldest.LastMeasurement!.Value >= 0);

        system.Link.ChargesDown = false;
        await system.WaitUntilSettledAsync([id]);
        metrics.Backlog = await monitor.ReadAsync(TestContext.Current.CancellationToken);
        waiting.RecordObservableInstruments();
        oldest.RecordObservableInstruments();
        Assert.Equal(0, waiting.LastMeasurement!.Value);
        Assert.Equal(0, oldest.LastMeasurement!.Value);
    }
}
