using System.Diagnostics;
using ReferenceApp.Orders.Domain;
using ReferenceApp.Orders.Ordering;
using ReferenceApp.Orders.Payments;

namespace ReferenceApp.Orders.Telemetry;

/// <summary>
/// Where placement and dispatch report what happened: one call each, so the business code only says when.
/// Nothing here ever sees the card: the request's card and the charge's token are never read.
/// </summary>
public static class OrdersTelemetry
{
    /// <summary>Counts the placement and tags the request's server span (Activity.Current) with order, customer, version and outcome.</summary>
    public static void RecordPlacement(this OrdersMetrics metrics, PlacementResult result, string? customerId)
    {
        var outcome = result switch
        {
            PlacementResult.Accepted { Replayed: true } => PlacementOutcomes.Replayed,
            PlacementResult.Accepted => PlacementOutcomes.Accepted,
            PlacementResult.Invalid => PlacementOutcomes.Invalid,
            PlacementResult.Unprocessable => PlacementOutcomes.Unprocessable,
            _ => PlacementOutcomes.PaymentsUnavailable,
        };
        if (result is PlacementResult.Accepted { Replayed: false, Order: var order })
        {
            metrics.OrderAccepted(order.Total, order.Currency);
        }
        else
        {
            metrics.OrderPlaced(outcome);
        }

        var orderId = result is PlacementResult.Accepted accepted ? accepted.Order.Id : (Guid?)null;
        OrderSpanAttributes.TagPlacement(Activity.Current, metrics.Version, customerId, orderId, outcome);
    }

    /// <summary>
    /// After a dispatch committed: tags the dispatch span with the payment outcome and counts the settlement or the retry.
    /// </summary>
    public static void RecordDispatch(this OrdersMetrics metrics, Activity? activity, ChargeResult result, bool gaveUp, DateTime placedAt, DateTimeOffset now)
    {
        var (paymentOutcome, settledAs) = result switch
        {
            ChargeResult.Captured => ("captured", OrderStatus.Paid),
            ChargeResult.Declined => ("declined", OrderStatus.PaymentFailed),
            ChargeResult.Rejected => ("rejected", OrderStatus.PaymentFailed),
            ChargeResult.Transient when gaveUp => ("unavailable", OrderStatus.PaymentFailed),
            _ => ("retry", (OrderStatus?)null),
        };
        activity?.SetTag(OrderSpanAttributes.OrdersVersion, metrics.Version);
        activity?.SetTag(OrderSpanAttributes.PaymentOutcome, paymentOutcome);
        if (settledAs is { } status)
        {
            metrics.OrderSettled(status.ToString(), now - new DateTimeOffset(DateTime.SpecifyKind(placedAt, DateTimeKind.Utc)));
        }
        else
        {
            metrics.OutboxRetried();
        }
    }
}
