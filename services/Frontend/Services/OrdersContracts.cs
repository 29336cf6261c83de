namespace ReferenceApp.Frontend.Services;

// The orders API's JSON shapes (docs/api.md of the orders service), camelCase on the wire.

public sealed record Product(string Id, string Name, decimal Price, string Currency)
{
    public Money UnitPrice => new(Price, Currency);
}

public static class OrderStatuses
{
    public const string Pending = "Pending";
    public const string Paid = "Paid";
    public const string PaymentFailed = "PaymentFailed";
    public const string Cancelled = "Cancelled";
    public const string Refunded = "Refunded";

    /// <summary>The payment has not been decided yet: the status page keeps checking.</summary>
    public static bool IsAwaitingPayment(string status) => status == Pending;

    /// <summary>Pending orders are cancelled, paid ones refunded; anything else answers 409.</summary>
    public static bool CanCancel(string status) => status is Pending or Paid;
}

public sealed record OrderLine(string ProductId, string ProductName, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record Order(
    string Id,
    string CustomerId,
    string Status,
    string Currency,
    IReadOnlyList<OrderLine> Lines,
    decimal Subtotal,
    decimal Discount,
    decimal Total,
    string? PricedBy,
    string? CardLast4,
    string? PaymentId,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record OrderSummary(string Id, string Status, decimal Total, string Currency, int LineCount, DateTimeOffset CreatedAt);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, string? NextCursor);

public sealed record OrderItem(string ProductId, int Quantity);

public sealed record CardDetails(string Number, string Expiry, string Cvc);

public sealed record PlaceOrderRequest(string CustomerId, IReadOnlyList<OrderItem> Items, CardDetails Card);
