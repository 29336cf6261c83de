namespace ReferenceApp.Frontend.Services;

/// <summary>One product in the cart: what the customer saw when adding it, and how many.</summary>
public sealed record CartLine(string ProductId, string Name, decimal UnitPrice, string Currency, int Quantity)
{
    public Money LineTotal => new(UnitPrice * Quantity, Currency);
}

/// <summary>A customer's cart. Totals are per currency, so a mixed cart never adds euros to dollars.</summary>
public sealed record Cart(IReadOnlyList<CartLine> Lines)
{
    public const int MaxQuantity = 99;

    public static Cart Empty { get; } = new([]);

    public bool IsEmpty => Lines.Count == 0;

    public int ItemCount => Lines.Sum(line => line.Quantity);

    public IReadOnlyList<Money> Totals =>
        Lines.GroupBy(line => line.Currency, StringComparer.Ordinal)
            .Select(group => new Money(group.Sum(line => line.UnitPrice * line.Quantity), group.Key))
            .OrderBy(total => total.Currency, StringComparer.Ordinal)
            .ToList();

    /// <summary>A quantity the cart accepts: 0 removes the line, more than <see cref="MaxQuantity"/> is capped.</summary>
    public static int ClampQuantity(int quantity) => Math.Clamp(quantity, 0, MaxQuantity);
}
