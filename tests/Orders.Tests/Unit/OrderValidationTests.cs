using ReferenceApp.Orders.Apis;

namespace ReferenceApp.Orders.Tests.Unit;

public sealed class OrderValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly CardRequest Card = new("4242424242424242", TestCards.ExpiryAfter(Now), "123");

    private static PlaceOrderRequest Order(params OrderItemRequest?[] items) => new("customer-1", items, Card);

    private static OrderItemRequest Item(string productId, int? quantity) => new(productId, quantity);

    [Fact]
    public void A_good_order_has_no_errors() =>
        Assert.Empty(OrderValidation.Check(Order(Item("coffee-beans-1kg", 2), Item("descaler", 1)), "key-1", Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    public void The_idempotency_key_is_required_and_printable(string? key) =>
        Assert.Contains("Idempotency-Key", OrderValidation.Check(Order(Item("a", 1)), key, Now).Keys);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void Quantities_out_of_range_name_the_line(int quantity) =>
        Assert.Equal(["items[1].quantity"], OrderValidation.Check(Order(Item("a", 1), Item("b", quantity)), "k", Now).Keys);

    [Fact]
    public void A_repeated_product_names_the_second_line() =>
        Assert.Equal(["items[2].productId"], OrderValidation.Check(Order(Item("a", 1), Item("b", 1), Item("a", 2)), "k", Now).Keys);

    [Fact]
    public void Lines_are_limited()
    {
        var items = Enumerable.Range(0, OrderValidation.MaxLines + 1).Select(i => (OrderItemRequest?)new($"p{i}", 1)).ToArray();
        Assert.Equal(["items"], OrderValidation.Check(Order(items), "k", Now).Keys);
    }

    [Fact]
    public void Missing_and_overlong_fields_are_named()
    {
        var errors = OrderValidation.Check(new PlaceOrderRequest(new string('c', 65), [null, new(new string('p', 65), null)], null), "k", Now);
        Assert.Equal(["card", "customerId", "items[0]", "items[1].productId", "items[1].quantity"], errors.Keys.Order());
    }

    [Fact]
    public void Card_fields_are_named()
    {
        var errors = OrderValidation.Check(new PlaceOrderRequest("c", [new("a", 1)], new("4242424242424241", "10/26", "12")), "k", Now);
        Assert.Equal(["card.cvc", "card.expiry", "card.number"], errors.Keys.Order());
    }

    [Fact]
    public void The_request_hash_ignores_the_full_card_number_but_not_the_order()
    {
        var a = OrderValidation.HashOf(Order(Item("a", 1)));
        Assert.Equal(a, OrderValidation.HashOf(Order(Item("a", 1))));
        Assert.NotEqual(a, OrderValidation.HashOf(Order(Item("a", 2))));
        Assert.NotEqual(a, OrderValidation.HashOf(new PlaceOrderRequest("customer-2", [new("a", 1)], Card)));
    }

    [Fact]
    public void Product_ids_that_look_like_separators_do_not_collide_with_other_lines()
    {
        var twoLines = OrderValidation.HashOf(Order(Item("coffee-beans-1kg", 1), Item("descaler", 2)));
        var oneCraftedLine = OrderValidation.HashOf(Order(Item("coffee-beans-1kg:1;descaler", 2)));
        Assert.NotEqual(twoLines, oneCraftedLine);
    }

    [Fact]
    public void A_fingerprint_stored_before_the_canonical_form_still_matches_its_identical_retry()
    {
        var request = Order(Item("coffee-beans-1kg", 1), Item("descaler", 2));
        var stored = OrderValidation.LegacyHashOf(request);

        Assert.True(OrderValidation.SameRequest(stored, request));
        Assert.False(OrderValidation.SameRequest(stored, Order(Item("coffee-beans-1kg", 1), Item("descaler", 3))));
        Assert.True(OrderValidation.SameRequest(OrderValidation.HashOf(request), request));
        Assert.False(OrderValidation.SameRequest(OrderValidation.HashOf(request), Order(Item("coffee-beans-1kg:1;descaler", 2))));
    }
}
