namespace ReferenceApp.Orders.Domain;

public sealed record Product(string Id, string Name, decimal Price, string Currency);

public sealed record OrderLine(string ProductId, string ProductName, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record PricedOrder(IReadOnlyList<OrderLine> Lines, string Currency, decimal Subtotal, decimal Discount, decimal Total, string PricedBy);

/// <summary>Prices an order from the catalogue (never from the client). The v2 canary adds one rule: the bulk discount.</summary>
public static class OrderPricing
{
    /// <summary>v2 rule: orders of at least this many items (sum of quantities) get <see cref="CanaryDiscountRate"/> off.</summary>
    public const int CanaryDiscountMinItems = 3;

    public const decimal CanaryDiscountRate = 0.10m;

    public static PricedOrder Price(IReadOnlyList<(Product Product, int Quantity)> lines, OrdersVersion version)
    {
        var priced = lines
            .Select(l => new OrderLine(l.Product.Id, l.Product.Name, l.Product.Price, l.Quantity, Cents(l.Product.Price * l.Quantity)))
            .ToList();
        var subtotal = priced.Sum(l => l.LineTotal);
        var discount = version.IsCanary && lines.Sum(l => l.Quantity) >= CanaryDiscountMinItems
            ? Cents(subtotal * CanaryDiscountRate)
            : 0.00m;
        return new PricedOrder(priced, lines[0].Product.Currency, subtotal, discount, subtotal - discount, version.Name);
    }

    private static decimal Cents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
}
