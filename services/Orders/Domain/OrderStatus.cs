namespace ReferenceApp.Orders.Domain;

public enum OrderStatus
{
    Pending,
    Paid,
    PaymentFailed,
    Cancelled,
    Refunded,
}

public enum CancelAction
{
    /// <summary>Nothing was charged: the order simply becomes Cancelled.</summary>
    Cancel,

    /// <summary>Money was taken: refund through payments first, then the order becomes Refunded.</summary>
    RefundThenMarkRefunded,

    /// <summary>The order is already final; cancelling answers 409.</summary>
    Refuse,
}

/// <summary>The order lifecycle: Pending → Paid | PaymentFailed | Cancelled, and Paid → Refunded. Nothing else moves.</summary>
public static class OrderStateMachine
{
    public static bool CanMove(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Pending, OrderStatus.Paid) => true,
        (OrderStatus.Pending, OrderStatus.PaymentFailed) => true,
        (OrderStatus.Pending, OrderStatus.Cancelled) => true,
        (OrderStatus.Paid, OrderStatus.Refunded) => true,
        _ => false,
    };

    public static CancelAction CancelActionFor(OrderStatus status) => status switch
    {
        OrderStatus.Pending => CancelAction.Cancel,
        OrderStatus.Paid => CancelAction.RefundThenMarkRefunded,
        _ => CancelAction.Refuse,
    };
}
