namespace ReferenceApp.Payments.Apis;

// Request fields are nullable so that a missing field is our validation error naming it, not a binding failure.
/// <param name="OrderId">The order the card is tokenized for (optional): lets orders release the card if it does not store the order.</param>
public sealed record TokenizeCardRequest(string? Number, string? Expiry, string? Cvc, Guid? OrderId = null);

public sealed record CardTokenResponse(string Token, string Brand, string Last4, string Expiry);

/// <param name="CustomerId">The customer of the order (orders sends it from the order): the only one who may read the payment.</param>
public sealed record ChargeRequest(Guid? OrderId, decimal? Amount, string? Currency, string? CardToken, string? CustomerId = null);
