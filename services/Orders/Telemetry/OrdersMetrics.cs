using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ReferenceApp.Orders.Telemetry;

/// <summary>
/// The orders service's business instruments on the meter "ReferenceApp.Orders" (exported over OTLP and on /metrics by
/// ServiceDefaults with every "ReferenceApp.*" meter). Every measurement carries the version of this process
/// (orders.version: v1 or v2) so the canary can be compared with the stable release. docs/observability.md lists them.
/// </summary>
public sealed class OrdersMetrics
{
    public const string MeterName = "ReferenceApp.Orders";

    public const string VersionTag = "orders.version";
    public const string OutcomeTag = "outcome";
    public const string CurrencyTag = "currency";
    public const string StatusTag = "order.status";

    // Seconds from a few milliseconds to the outbox's longest backoff (about an hour).
    private static readonly IReadOnlyList<double> DurationBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    private readonly KeyValuePair<string, object?> version;
    private readonly string versionName;
    private readonly Counter<long> placed;
    private readonly Histogram<double> value;
    private readonly Counter<long> settled;
    private readonly Histogram<double> placedToPaid;
    private readonly Counter<long> retries;
    private OutboxBacklog backlog = OutboxBacklog.Unknown;

    public OrdersMetrics(IMeterFactory meterFactory, OrdersVersion ordersVersion)
    {
        versionName = ordersVersion.Name;
        version = new(VersionTag, versionName);
        var meter = meterFactory.Create(MeterName);
        placed = meter.CreateCounter<long>("referenceapp.orders.placed", "{order}",
            "Order placement requests by orders version and outcome (accepted, replayed, invalid, unprocessable, payments_unavailable).");
        value = meter.CreateHistogram<double>("referenceapp.orders.value", "{currency}", "Total of accepted orders, in the order's currency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
        settled = meter.CreateCounter<long>("referenceapp.orders.settled", "{order}",
            "Orders whose payment was settled by the outbox dispatch, by final status (Paid, PaymentFailed).");
        placedToPaid = meter.CreateHistogram<double>("referenceapp.orders.placed_to_paid.duration", "s",
            "Time from an order being placed to its payment being captured.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        retries = meter.CreateCounter<long>("referenceapp.orders.outbox.retries", "{retry}",
            "Outbox deliveries to payments that failed transiently and were scheduled again.");
        meter.CreateObservableGauge("referenceapp.orders.outbox.backlog", () => Observe(backlog.Waiting), "{record}",
            "Outbox records not yet delivered (shared by both versions: one database).");
        meter.CreateObservableGauge("referenceapp.orders.outbox.oldest_age", () => Observe(backlog.OldestAgeSeconds), "s",
            "Age of the oldest outbox record not yet delivered; 0 when none waits.");
    }

    /// <summary>The orders version of this process (v1 or v2), the orders.version tag of every measurement.</summary>
    public string Version => versionName;

    /// <summary>The last backlog read by <see cref="OutboxBacklogMonitor"/>; nothing is reported before the first read.</summary>
    public OutboxBacklog Backlog
    {
        get => Volatile.Read(ref backlog);
        set => Volatile.Write(ref backlog, value);
    }

    public void OrderPlaced(string outcome) => placed.Add(1, version, new(OutcomeTag, outcome));

    public void OrderAccepted(decimal total, string currency)
    {
        placed.Add(1, version, new(OutcomeTag, PlacementOutcomes.Accepted));
        value.Record((double)total, version, new(CurrencyTag, currency));
    }

    public void OrderSettled(string status, TimeSpan sincePlaced)
    {
        settled.Add(1, version, new(StatusTag, status));
        if (status == nameof(Domain.OrderStatus.Paid))
        {
            placedToPaid.Record(Math.Max(0, sincePlaced.TotalSeconds), version);
        }
    }

    public void OutboxRetried() => retries.Add(1, version);

    private IEnumerable<Measurement<double>> Observe(double? measured) =>
        measured is { } current ? [new Measurement<double>(current, version)] : [];
}

/// <summary>Values of the "outcome" tag of referenceapp.orders.placed, also set as the span attribute referenceapp.order.outcome.</summary>
public static class PlacementOutcomes
{
    public const string Accepted = "accepted";
    public const string Replayed = "replayed";
    public const string Invalid = "invalid";
    public const string Unprocessable = "unprocessable";
    public const string PaymentsUnavailable = "payments_unavailable";
}

/// <summary>What waits in the outbox: records not yet delivered and the age of the oldest (null: not read yet).</summary>
public sealed record OutboxBacklog(double? Waiting, double? OldestAgeSeconds)
{
    public static readonly OutboxBacklog Unknown = new(null, null);
}

/// <summary>Span attribute names operators filter on (docs/observability.md).</summary>
public static class OrderSpanAttributes
{
    /// <summary>Kept as "order.id": dashboards and tests already filter the dispatch span by it.</summary>
    public const string OrderId = "order.id";
    public const string CustomerId = "customer.id";
    public const string OrdersVersion = "orders.version";
    public const string PlacementOutcome = "referenceapp.order.outcome";
    public const string PaymentOutcome = "payment.outcome";

    /// <summary>Tags the request's server span (Activity.Current) with what placing the order decided.</summary>
    public static void TagPlacement(Activity? activity, string version, string? customerId, Guid? orderId, string outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(OrdersVersion, version);
        activity.SetTag(PlacementOutcome, outcome);
        if (!string.IsNullOrEmpty(customerId))
        {
            activity.SetTag(CustomerId, customerId);
        }

        if (orderId is { } id)
        {
            activity.SetTag(OrderId, id.ToString());
        }
    }
}
