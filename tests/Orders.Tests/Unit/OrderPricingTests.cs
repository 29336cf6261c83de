using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Tests.Unit;

public sealed class OrderPricingTests
{
    private static readonly Product Beans = new("coffee-beans-1kg", "Beans", 24.90m, "EUR");
    private static readonly Product Machine = new("espresso-machine", "Machine", 349.00m, "EUR");
    private static readonly OrdersVersion V1 = new("v1");
    private static readonly OrdersVersion V2 = new("v2");

    [Fact]
    public void Lines_and_total_come_from_catalogue_prices()
    {
        var priced = OrderPricing.Price([(Machine, 1), (Beans, 2)], V1);

        Assert.Equal([349.00m, 49.80m], priced.Lines.Select(l => l.LineTotal));
        Assert.Equal(398.80m, priced.Subtotal);
        Assert.Equal(0m, priced.Discount);
        Assert.Equal(398.80m, priced.Total);
        Assert.Equal("EUR", priced.Currency);
        Assert.Equal("v1", priced.PricedBy);
    }

    [Fact]
    public void V1_never_discounts()
    {
        Assert.Equal(0m, OrderPricing.Price([(Beans, 10)], V1).Discount);
    }

    [Fact]
    public void V2_takes_ten_percent_off_three_or_more_items_rounded_to_the_cent()
    {
        var priced = OrderPricing.Price([(Machine, 1), (Beans, 2)], V2);

        Assert.Equal(39.88m, priced.Discount);
        Assert.Equal(358.92m, priced.Total);
        Assert.Equal("v2", priced.PricedBy);
        Assert.Equal(7.47m, OrderPricing.Price([(Beans, 3)], V2).Discount); // 74.70 * 10% = 7.47
    }

    [Fact]
    public void V2_does_not_discount_fewer_than_three_items()
    {
        Assert.Equal(0m, OrderPricing.Price([(Machine, 1), (Beans, 1)], V2).Discount);
    }

    [Fact]
    public void Half_cents_round_away_from_zero()
    {
        var odd = new Product("odd", "Odd", 0.05m, "EUR");
        Assert.Equal(0.02m, OrderPricing.Price([(odd, 3)], V2).Discount); // 0.15 * 10% = 0.015
    }
}
