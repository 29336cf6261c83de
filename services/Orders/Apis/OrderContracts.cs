namespace ReferenceApp.Orders.Apis;

// Request fields are nullable so that a missing field is our validation error naming it, not a binding failure.
public sealed record PlaceOrderRequest(string? CustomerId, IReadOnlyList<OrderItemRequest?>? Items, CardRequest? Card);

public sealed record OrderItemRequest(string? ProductId, int? Quantity);

public sealed record CardRequest(string? Number, string? Expiry, string? Cvc);

public sealed record ProductResponse(string Id, string Name, decimal Price, string Currency);

public sealed record OrderLineResponse(string ProductId, string ProductName, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record OrderResponse(
    Guid Id,
    string CustomerId,
    string Status,
    string Currency,
    IReadOnlyList<OrderLineResponse> Lines,
    decimal Subtotal,
    decimal Discount,
    decimal Total,
    string PricedBy,
    string CardLast4,
    Guid? PaymentId,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record OrderSummary(Guid Id, string Status, decimal Total, string Currency, int LineCount, DateTimeOffset CreatedAt);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, string? NextCursor);
