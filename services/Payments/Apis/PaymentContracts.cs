namespace ReferenceApp.Payments.Apis;

// Request fields are nullable so that a missing field is our validation error naming it, not a binding failure.
public sealed record TokenizeCardRequest(string? Number, string? Expiry, string? Cvc);

public sealed record CardTokenResponse(string Token, string Brand, string Last4, string Expiry);

public sealed record ChargeRequest(Guid? OrderId, decimal? Amount, string? Currency, string? CardToken);
