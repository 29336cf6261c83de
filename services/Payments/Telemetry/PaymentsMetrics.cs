using System.Diagnostics;
using System.Diagnostics.Metrics;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Telemetry;

/// <summary>
/// The payments service's business instruments on the meter "ReferenceApp.Payments" (exported over OTLP and on /metrics
/// by ServiceDefaults with every "ReferenceApp.*" meter), and the attributes it puts on the charge's server span.
/// Only the outcome, the order id and the decline reason are ever recorded: never the card, its token or its CVC.
/// </summary>
public sealed class PaymentsMetrics
{
    public const string MeterName = "ReferenceApp.Payments";
    public const string OutcomeTag = "payment.outcome";
    public const string DecisionTag = "provider.decision";

    /// <summary>Span attributes of POST /api/payments (docs/observability.md).</summary>
    public const string OrderIdAttribute = "order.id";
    public const string PaymentIdAttribute = "payment.id";

    private readonly Counter<long> charges;
    private readonly Histogram<double> providerDuration;
    private readonly Counter<long> refunds;

    public PaymentsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        charges = meter.CreateCounter<long>("referenceapp.payments.charges", "{payment}",
            "Charge requests by outcome (captured, declined, provider_unavailable, replayed, invalid, unknown_card, conflict).");
        providerDuration = meter.CreateHistogram<double>("referenceapp.payments.provider.duration", "s",
            "Time the card provider took to authorize and capture, by its decision.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        refunds = meter.CreateCounter<long>("referenceapp.payments.refunds", "{refund}", "Refund requests by outcome (refunded, not_found, conflict).");
    }

    /// <summary>Counts one charge request and tags the request's server span with its order and outcome.</summary>
    public void Charge(string outcome, Guid? orderId, Guid? paymentId = null)
    {
        charges.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        if (Activity.Current is { } activity)
        {
            activity.SetTag(OutcomeTag, outcome);
            if (orderId is { } order)
            {
                activity.SetTag(OrderIdAttribute, order.ToString());
            }

            if (paymentId is { } payment)
            {
                activity.SetTag(PaymentIdAttribute, payment.ToString());
            }
        }
    }

    public void ProviderAnswered(ProviderDecision decision, TimeSpan elapsed) =>
        providerDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(DecisionTag, DecisionName(decision)));

    public void Refund(string outcome) => refunds.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));

    /// <summary>The outcome of a stored payment: its status in lower case (captured, declined, refunded).</summary>
    public static string OutcomeOf(Payment payment) => payment.Status.ToLowerInvariant();

    private static string DecisionName(ProviderDecision decision) => decision switch
    {
        ProviderDecision.Approved => "approved",
        ProviderDecision.Declined => "declined",
        _ => "unavailable",
    };
}
