using ReferenceApp.Orders.Payments;

namespace ReferenceApp.Orders.Ordering;

/// <summary>A validated request to place an order (the API layer validates and maps its contract to this).</summary>
public sealed record PlaceOrderCommand(
    string IdempotencyKey, RequestFingerprint Fingerprint, string CustomerId, IReadOnlyList<OrderItem> Items, CardDetails Card)
{
    /// <summary>The field a reused Idempotency-Key is reported under.</summary>
    public const string IdempotencyKeyField = "Idempotency-Key";
}

public sealed record OrderItem(string ProductId, int Quantity);

/// <summary>
/// What makes a retry "the same request" for an Idempotency-Key: <see cref="Current"/> is stored with a new key; a key stored
/// before it carries <see cref="Legacy"/>, and its identical retries must still replay. The two forms never equal each other.
/// </summary>
public sealed record RequestFingerprint(string Current, string Legacy)
{
    public bool Matches(string stored) => stored == Current || stored == Legacy;
}
