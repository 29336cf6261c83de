using System.Diagnostics;
using ReferenceApp.Orders.Ordering;
using ReferenceApp.Orders.Telemetry;

namespace ReferenceApp.Orders.Apis;

/// <summary>
/// Where the placement endpoint reports what happened: one call, so the endpoint only says when.
/// Nothing here ever sees the card: the request's card is never read.
/// </summary>
public static class PlacementTelemetry
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
}
