namespace ReferenceApp.Payments.Charging;

/// <summary>A validated charge request. <paramref name="RequestHash"/> is what makes two requests with one key "the same".</summary>
public sealed record ChargeCommand(Guid OrderId, string CustomerId, decimal Amount, string Currency, string CardToken, string IdempotencyKey, string RequestHash);
