using System.Diagnostics;
using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Telemetry;

/// <summary>
/// Where dispatch reports what happened: one call, so the business code only says when.
/// Nothing here ever sees the card: the charge's token is never read.
/// </summary>
public static class OrdersTelemetry
{
    /// <summary>
    /// After a dispatch committed: tags the dispatch span with the payment outcome and counts the settlement or the retry.
    /// </summary>
    public static void RecordDispatch(this OrdersMetrics metrics, Activity? activity, PaymentSettlement settlement, DateTimeOffset placedAt, DateTimeOffset now)
    {
        activity?.SetTag(OrderSpanAttributes.OrdersVersion, metrics.Version);
        activity?.SetTag(OrderSpanAttributes.PaymentOutcome, settlement.Outcome);
        if (settlement.Status is { } status)
        {
            metrics.OrderSettled(status.ToString(), now - placedAt);
        }
        else
        {
            metrics.OutboxRetried();
        }
    }
}
