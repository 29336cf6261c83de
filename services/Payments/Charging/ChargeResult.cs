using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Charging;

public abstract record ChargeResult
{
    /// <summary>A new payment (captured or declined), or the replay of the identical request that created it.</summary>
    public sealed record Charged(Payment Payment, bool Replayed) : ChargeResult;

    /// <summary>The Idempotency-Key was already used with a different request: 422.</summary>
    public sealed record KeyReused : ChargeResult;

    public sealed record UnknownCard : ChargeResult;

    /// <summary>Nothing was charged or stored; a retry with the same key is safe: 503.</summary>
    public sealed record ProviderUnavailable : ChargeResult;

    /// <summary>The order already has a successful payment under another key: 409.</summary>
    public sealed record OrderAlreadyCharged(Guid OrderId) : ChargeResult;
}
