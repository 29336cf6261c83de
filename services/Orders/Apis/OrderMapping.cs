using ReferenceApp.Orders.Domain;
using ReferenceApp.Orders.Ordering;
using ReferenceApp.Orders.Payments;

namespace ReferenceApp.Orders.Apis;

/// <summary>The one place where the HTTP contracts meet the domain: requests become commands, orders become responses.</summary>
public static class OrderMapping
{
    /// <summary>Only for a request <see cref="OrderValidation.Check"/> found no error in: every field is then present.</summary>
    public static PlaceOrderCommand ToCommand(this PlaceOrderRequest request, string idempotencyKey) => new(
        idempotencyKey,
        OrderValidation.FingerprintOf(request),
        request.CustomerId!,
        [.. request.Items!.Select(i => new OrderItem(i!.ProductId!, i.Quantity!.Value))],
        new CardDetails(request.Card!.Number!, request.Card.Expiry!, request.Card.Cvc!));

    public static OrderResponse ToResponse(this Order order) => new(
        order.Id, order.CustomerId, order.Status.ToString(), order.Currency,
        [.. order.Lines.Select(l => new OrderLineResponse(l.ProductId, l.ProductName, l.UnitPrice, l.Quantity, l.LineTotal))],
        order.Subtotal, order.Discount, order.Total, order.PricedBy, order.CardLast4, order.PaymentId, order.FailureReason,
        order.CreatedAt, order.UpdatedAt);

    public static OrderSummary ToSummary(this ListedOrder order) =>
        new(order.Id, order.Status.ToString(), order.Total, order.Currency, order.LineCount, order.CreatedAt);
}
