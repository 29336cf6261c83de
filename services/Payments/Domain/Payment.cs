namespace ReferenceApp.Payments.Domain;

public static class PaymentStatus
{
    /// <summary>A claimed Idempotency-Key whose provider call is under way; never committed (see Storage/ChargeClaim.cs).</summary>
    public const string Pending = "Pending";
    public const string Captured = "Captured";
    public const string Declined = "Declined";
    public const string Refunded = "Refunded";
}

public sealed record Card(string Token, string Brand, string Last4, string Expiry);

public sealed record Payment(
    Guid Id,
    Guid OrderId,
    string? CustomerId,
    decimal Amount,
    string Currency,
    string Status,
    string? DeclineReason,
    string CardLast4,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RefundedAt);
