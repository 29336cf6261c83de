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
    public void Allowed_moves(OrderStatus from, OrderStatus to) => Assert.True(OrderStateMachine.CanMove(from, to));

    [Fact]
    public void Every_other_move_is_refused()
    {
        var allowed = Allowed.Select(row => row.Data).ToHashSet();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>().Where(to => !allowed.Contains((from, to))))
            {
                Assert.False(OrderStateMachine.CanMove(from, to), $"{from} -> {to}");
            }
        }
    }

    [Theory]
    [InlineData(OrderStatus.Pending, CancelAction.Cancel)]
    [InlineData(OrderStatus.Paid, CancelAction.RefundThenMarkRefunded)]
    [InlineData(OrderStatus.PaymentFailed, CancelAction.Refuse)]
    [InlineData(OrderStatus.Cancelled, CancelAction.Refuse)]
    [InlineData(OrderStatus.Refunded, CancelAction.Refuse)]
    public void Cancel_depends_on_status(OrderStatus status, CancelAction action) => Assert.Equal(action, OrderStateMachine.CancelActionFor(status));
}
