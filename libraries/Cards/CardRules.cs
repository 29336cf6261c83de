using System.Globalization;

namespace ReferenceApp.Cards;

/// <summary>Shape checks of a card as a customer types it. Each returns an error message, or null when the value is fine.</summary>
public static class CardRules
{
    public static string? CheckNumber(string? number, out string digits)
    {
        digits = new string((number ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (string.IsNullOrEmpty(number))
        {
            return "The card number is required.";
        }

        if (digits.Length is < 12 or > 19 || !digits.All(char.IsAsciiDigit))
        {
            return "The card number must have 12 to 19 digits.";
        }

        return PassesLuhn(digits) ? null : "The card number is not valid.";
    }

    public static string? CheckExpiry(string? expiry, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(expiry))
        {
            return "The expiry is required.";
        }

        if (expiry.Length != 5 || expiry[2] != '/'
            || !int.TryParse(expiry.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(expiry.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || month is < 1 or > 12)
        {
            return "The expiry must be MM/YY.";
        }

        // A card is valid through the last day of its expiry month.
        var firstDayAfter = new DateTimeOffset(2000 + year, month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        return now < firstDayAfter ? null : "The card has expired.";
    }

    public static string? CheckCvc(string? cvc) =>
        cvc is { Length: 3 or 4 } && cvc.All(char.IsAsciiDigit) ? null : "The CVC must be 3 or 4 digits.";

    public static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    public static string BrandOf(string digits) => digits[0] switch
    {
        '4' => "visa",
        '5' => "mastercard",
        '3' => "amex",
        _ => "card",
    };
}
