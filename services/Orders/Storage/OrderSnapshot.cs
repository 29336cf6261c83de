using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Storage;

/// <summary>
/// How a placed order rests in idempotency_requests.response_body, to be replayed as it was: the JSON shape of the 201 body
/// (the same field names since the first stored key), so rows written before storage owned this form still read.
/// </summary>
internal sealed record OrderSnapshot(
    Guid Id, string CustomerId, string Status, string Currency, IReadOnlyList<OrderLine> Lines, decimal Subtotal, decimal Discount, decimal Total,
    string PricedBy, string CardLast4, Guid? PaymentId, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static OrderSnapshot Of(Order order) => new(
        order.Id, order.CustomerId, order.Status.ToString(), order.Currency, order.Lines, order.Subtotal, order.Discount, order.Total,
        order.PricedBy, order.CardLast4, order.PaymentId, order.FailureReason, order.CreatedAt, order.UpdatedAt);

    public Order ToOrder() => new(
        Id, CustomerId, Enum.Parse<OrderStatus>(Status), Currency, Lines, Subtotal, Discount, Total, PricedBy, CardLast4, PaymentId, FailureReason,
        CreatedAt, UpdatedAt);
}
