namespace ReferenceApp.Orders.Domain;

/// <summary>What payments answered to the charge of an order.</summary>
public abstract record ChargeResult
{
    public sealed record Captured(Guid PaymentId) : ChargeResult;

    public sealed record Declined(Guid PaymentId, string Reason) : ChargeResult;

    /// <summary>Payments answered with a client error: retrying the same request cannot succeed.</summary>
    public sealed record Rejected(string Reason) : ChargeResult;

    /// <summary>Payments could not be reached or failed: retry later with the same idempotency key.</summary>
    public sealed record Transient(string Reason) : ChargeResult;
}
