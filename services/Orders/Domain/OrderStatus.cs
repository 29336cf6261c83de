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
