using System.Globalization;

namespace ReferenceApp.Frontend.Services;

/// <summary>An amount in one currency, shown the same way on every page.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    public override string ToString() =>
        $"{Amount.ToString("N2", CultureInfo.InvariantCulture)} {Currency}";
}
