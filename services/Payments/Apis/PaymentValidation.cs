using ReferenceApp.Cards;
using System.Security.Cryptography;
using System.Text;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Apis;

/// <summary>Explicit input checks; each error is keyed by the field it is about.</summary>
public static class PaymentValidation
{
    public const string IdempotencyKeyField = "Idempotency-Key";
    public const decimal MaxAmount = 1_000_000m;
    public const int MaxCustomerIdLength = 64;

    public static Dictionary<string, string[]> Check(TokenizeCardRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        Add(errors, "number", CardRules.CheckNumber(request.Number, out _));
        Add(errors, "expiry", CardRules.CheckExpiry(request.Expiry, now));
        Add(errors, "cvc", CardRules.CheckCvc(request.Cvc));
        return errors;
    }

    public static Dictionary<string, string[]> Check(ChargeRequest request, string? idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        Add(errors, IdempotencyKeyField, CheckIdempotencyKey(idempotencyKey));
        Add(errors, "orderId", request.OrderId is null || request.OrderId == Guid.Empty ? "The order id is required." : null);
        Add(errors, "amount", request.Amount switch
        {
            null => "The amount is required.",
            <= 0 or > MaxAmount => $"The amount must be more than 0 and at most {MaxAmount}.",
            { } a when decimal.Round(a, 2) != a => "The amount may have at most two decimals.",
            _ => null,
        });
        Add(errors, "currency", request.Currency is { Length: 3 } c && c.All(char.IsAsciiLetterUpper) ? null : "The currency must be a 3-letter ISO code.");
        Add(errors, "cardToken", request.CardToken is { Length: > 0 and <= 100 } ? null : "The card token is required.");
        Add(errors, "customerId", request.CustomerId is { Length: > 0 and <= MaxCustomerIdLength } id && !id.Any(char.IsControl)
            ? null
            : $"The customer id is required (the order's customer, at most {MaxCustomerIdLength} characters).");
        return errors;
    }

    public static string? CheckIdempotencyKey(string? key) => IdempotencyKeys.Check(key);

    /// <summary>
    /// What makes two charge requests "the same" for idempotency. The customer is left out: it follows from the order, and
    /// charges accepted before payments knew customers must still replay after an upgrade.
    /// </summary>
    public static string HashOf(ChargeRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            request.OrderId?.ToString("D"), request.Amount?.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
            request.Currency, request.CardToken))));

    private static void Add(Dictionary<string, string[]> errors, string field, string? error)
    {
        if (error is not null)
        {
            errors[field] = [error];
        }
    }
}
