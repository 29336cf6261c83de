using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Tests.Unit;

public sealed class OrderStateMachineTests
{
    public static TheoryData<OrderStatus, OrderStatus> Allowed => new()
    {
        { OrderStatus.Pending, OrderStatus.Paid },
        { OrderStatus.Pending, OrderStatus.PaymentFailed },
        { OrderStatus.Pending, OrderStatus.Cancelled },
        { OrderStatus.Paid, OrderStatus.Refunded },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_moves(OrderStatus from, OrderStatus to) => Assert.True(Order.CanMove(from, to));

    [Fact]
    public void Every_other_move_is_refused()
    {
        var allowed = Allowed.Select(row => row.Data).ToHashSet();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>().Where(to => !allowed.Contains((from, to))))
            {
                Assert.False(Order.CanMove(from, to), $"{from} -> {to}");
            }
        }
    }

    [Theory]
    [InlineData(OrderStatus.Pending, CancelAction.Cancel)]
    [InlineData(OrderStatus.Paid, CancelAction.RefundThenMarkRefunded)]
    [InlineData(OrderStatus.PaymentFailed, CancelAction.Refuse)]
    [InlineData(OrderStatus.Cancelled, CancelAction.Refuse)]
    [InlineData(OrderStatus.Refunded, CancelAction.Refuse)]
    public void Cancel_depends_on_status(OrderStatus status, CancelAction action) => Assert.Equal(action, Order.CancelActionFor(status));
}

public sealed class OrderTransitionTests
{
    private static readonly DateTimeOffset Placed = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Order NewOrder() => Order.Place(Guid.CreateVersion7(), "customer-1",
        new PricedOrder([new OrderLine("p", "Product", 5.00m, 1, 5.00m)], "EUR", 5.00m, 0.00m, 5.00m, "v1"), "4242", Placed);

    [Fact]
    public void A_captured_charge_makes_the_order_paid_with_its_payment()
    {
        var order = NewOrder();
        var paymentId = Guid.NewGuid();

        order.Settle(PaymentSettlement.For(new ChargeResult.Captured(paymentId), lastAttempt: false), Placed.AddSeconds(1));

        Assert.Equal((OrderStatus.Paid, paymentId, Placed.AddSeconds(1)), (order.Status, order.PaymentId, order.UpdatedAt));
    }

    [Fact]
    public void A_transition_the_lifecycle_refuses_throws_and_leaves_the_order_as_it_was()
    {
        var order = NewOrder();
        order.Cancel(Placed.AddSeconds(1));

        Assert.Throws<InvalidOperationException>(() => order.MarkRefunded(Placed.AddSeconds(2)));
        Assert.Throws<InvalidOperationException>(() => order.Settle(PaymentSettlement.For(new ChargeResult.Captured(Guid.NewGuid()), false), Placed.AddSeconds(2)));
        Assert.Equal((OrderStatus.Cancelled, (Guid?)null, Placed.AddSeconds(1)), (order.Status, order.PaymentId, order.UpdatedAt));
    }

    [Fact]
    public void A_charge_to_retry_settles_nothing()
    {
        var order = NewOrder();

        Assert.Throws<InvalidOperationException>(() => order.Settle(PaymentSettlement.For(new ChargeResult.Transient("timeout"), lastAttempt: false), Placed));
        Assert.Equal(OrderStatus.Pending, order.Status);
    }
}
