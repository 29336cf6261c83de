namespace ReferenceApp.Orders.Domain;

/// <summary>
/// What a charge result means for its order: the one mapping from a charge to an order status. The dispatch settles orders by
/// it and telemetry reports it (<see cref="Outcome"/> is the payment.outcome span attribute).
/// </summary>
/// <param name="Status">Paid or PaymentFailed; null while the charge is to be retried.</param>
public sealed record PaymentSettlement(string Outcome, OrderStatus? Status, Guid? PaymentId, string? FailureReason)
{
    /// <param name="lastAttempt">Whether a transient failure now gives the order up (Orders:Outbox:MaxAttempts reached).</param>
    public static PaymentSettlement For(ChargeResult result, bool lastAttempt) => result switch
    {
        ChargeResult.Captured captured => new("captured", OrderStatus.Paid, captured.PaymentId, null),
        ChargeResult.Declined declined => new("declined", OrderStatus.PaymentFailed, declined.PaymentId, declined.Reason),
        ChargeResult.Rejected => new("rejected", OrderStatus.PaymentFailed, null, "payment_rejected"),
        ChargeResult.Transient when lastAttempt => new("unavailable", OrderStatus.PaymentFailed, null, "payments_unavailable"),
        _ => new("retry", null, null, null),
    };

    public bool Settled => Status is not null;
}
