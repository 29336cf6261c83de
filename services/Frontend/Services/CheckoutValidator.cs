using System.Globalization;
using ReferenceApp.Cards;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// Checks the card form before anything is sent, with messages a person understands. The orders service applies
/// the same rules (docs/api.md) and the Luhn check is the one of libraries/Cards; its field errors are mapped back onto the
/// same fields by <see cref="FieldFor"/>.
/// </summary>
public static class CheckoutValidator
{
    public static IReadOnlyDictionary<string, string> Validate(CheckoutForm form, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (CardNumberError(form.CardNumber) is { } number)
        {
            errors[nameof(CheckoutForm.CardNumber)] = number;
        }

        if (ExpiryError(form.Expiry, now) is { } expiry)
        {
            errors[nameof(CheckoutForm.Expiry)] = expiry;
        }

        if (CvcError(form.Cvc) is { } cvc)
        {
            errors[nameof(CheckoutForm.Cvc)] = cvc;
        }

        return errors;
    }

    public static string? CardNumberError(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return "Enter the card number.";
        }

        if (number.Any(c => !char.IsAsciiDigit(c) && c is not ' ' and not '-'))
        {
            return "A card number has only digits (spaces and dashes are fine).";
        }

        var digits = Digits(number);
        if (digits.Length is < 12 or > 19)
        {
            return $"A card number has 12 to 19 digits; this one has {digits.Length}.";
        }

        return CardRules.PassesLuhn(digits) ? null : "This card number is not valid. Please check it for a typo.";
    }

    public static string? ExpiryError(string? expiry, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(expiry))
        {
            return "Enter the expiry date as MM/YY, for example 12/30.";
        }

        var text = expiry.Trim();
        if (text.Length != 5 || text[2] != '/' || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return "Write the expiry date as MM/YY, for example 12/30.";
        }

        if (month is < 1 or > 12)
        {
            return "The month of the expiry date must be between 01 and 12.";
        }

        // A card is valid until the end of its expiry month.
        var expiresAfter = new DateTimeOffset(2000 + year, month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        return now < expiresAfter ? null : $"This card expired at the end of {text}. Please use a card that is still valid.";
    }

    public static string? CvcError(string? cvc)
    {
        var text = cvc?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return "Enter the security code (CVC): the 3 or 4 digits on the card.";
        }

        return text.Length is 3 or 4 && text.All(char.IsAsciiDigit)
            ? null
            : "The security code (CVC) is 3 or 4 digits.";
    }

    /// <summary>Our form field for an orders API error key (<c>card.number</c> → CardNumber); null for errors of the whole order.</summary>
    public static string? FieldFor(string apiField) => apiField.ToLowerInvariant() switch
    {
        "card.number" or "number" => nameof(CheckoutForm.CardNumber),
        "card.expiry" or "expiry" => nameof(CheckoutForm.Expiry),
        "card.cvc" or "cvc" => nameof(CheckoutForm.Cvc),
        _ => null,
    };

    public static string Digits(string? number) =>
        new((number ?? "").Where(char.IsAsciiDigit).ToArray());
}
