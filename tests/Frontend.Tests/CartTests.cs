using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

public sealed class CartTests
{
    private static Cart TwoLines() => new(
    [
        new CartLine("beans", "Beans", 24.90m, "EUR", 2),
        new CartLine("jug", "Jug", 19.50m, "EUR", 1),
    ]);

    [Fact]
    public void Totals_add_up_the_lines_per_currency()
    {
        var cart = new Cart([.. TwoLines().Lines, new CartLine("mug", "Mug", 5m, "USD", 3)]);

        Assert.Equal([new Money(69.30m, "EUR"), new Money(15m, "USD")], cart.Totals);
        Assert.Equal(6, cart.ItemCount);
    }

    [Theory]
    [InlineData(-3, 0)]
    [InlineData(0, 0)]
    [InlineData(7, 7)]
    [InlineData(1000, Cart.MaxQuantity)]
    public void Quantities_are_clamped(int asked, int expected) =>
        Assert.Equal(expected, Cart.ClampQuantity(asked));

    [Fact]
    public void Money_is_shown_with_two_decimals_and_the_currency() =>
        Assert.Equal("1,349.50 EUR", new Money(1349.5m, "EUR").ToString());

    [Fact]
    public void The_remove_button_removes_only_its_line()
    {
        var update = new CartUpdate { Remove = "jug", Lines = [new() { ProductId = "beans", Quantity = "5" }] };

        Assert.Equal([("jug", 0)], update.Changes(TwoLines()));
    }

    [Fact]
    public void Typed_quantities_change_only_the_lines_that_changed()
    {
        var update = new CartUpdate
        {
            Lines =
            [
                new() { ProductId = "beans", Quantity = " 5 " },
                new() { ProductId = "jug", Quantity = "1" },
            ],
        };

        Assert.Equal([("beans", 5)], update.Changes(TwoLines()));
    }

    [Fact]
    public void A_quantity_that_is_not_a_number_leaves_the_line_alone_and_zero_removes_it()
    {
        var update = new CartUpdate
        {
            Lines =
            [
                new() { ProductId = "beans", Quantity = "two" },
                new() { ProductId = "jug", Quantity = "0" },
                new() { ProductId = "not-in-cart", Quantity = "4" },
            ],
        };

        Assert.Equal([("jug", 0)], update.Changes(TwoLines()));
    }

    [Fact]
    public void Typed_quantities_above_the_maximum_are_capped() =>
        Assert.Equal([("beans", Cart.MaxQuantity)],
            new CartUpdate { Lines = [new() { ProductId = "beans", Quantity = "500" }] }.Changes(TwoLines()));
}
