namespace ReferenceApp.Frontend.Services;

/// <summary>
/// What the checkout form posts. <see cref="IdempotencyKey"/> is generated when the form is first rendered and travels
/// in a hidden field, so a double click, a refresh of the POST or a retry all place the same, single order.
/// </summary>
public sealed class CheckoutForm
{
    public string? CardNumber { get; set; }

    public string? Expiry { get; set; }

    public string? Cvc { get; set; }

    public string? IdempotencyKey { get; set; }

    public static string NewIdempotencyKey() => "checkout-" + Guid.NewGuid().ToString("N");

    /// <summary>A key we issued, or a new one: the key must be 1 to 100 printable ASCII characters.</summary>
    public static bool IsValidIdempotencyKey(string? key) =>
        IdempotencyKeys.IsValid(key);

    public CardDetails ToCard() =>
        new(CheckoutValidator.Digits(CardNumber), (Expiry ?? "").Trim(), (Cvc ?? "").Trim());
}
