namespace ReferenceApp.Orders.Domain;

/// <summary>
/// An order: what was bought at which price, and where its payment stands. Its status changes only through the transitions
/// below, each guarded by the lifecycle <see cref="CanMove"/>: Pending → Paid | PaymentFailed | Cancelled, and Paid → Refunded.
/// </summary>
public sealed class Order(
    Guid id, string customerId, OrderStatus status, string currency, IReadOnlyList<OrderLine> lines, decimal subtotal, decimal discount,
    decimal total, string pricedBy, string cardLast4, Guid? paymentId, string? failureReason, DateTimeOffset createdAt, DateTimeOffset updatedAt)
{
    public Guid Id { get; } = id;

    public string CustomerId { get; } = customerId;

    public OrderStatus Status { get; private set; } = status;

    public string Currency { get; } = currency;

    public IReadOnlyList<OrderLine> Lines { get; } = lines;

    public decimal Subtotal { get; } = subtotal;

    public decimal Discount { get; } = discount;

    public decimal Total { get; } = total;

    /// <summary>The orders version whose pricing rules priced the order (v1 or v2).</summary>
    public string PricedBy { get; } = pricedBy;

    public string CardLast4 { get; } = cardLast4;

    public Guid? PaymentId { get; private set; } = paymentId;

    public string? FailureReason { get; private set; } = failureReason;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; private set; } = updatedAt;

    /// <summary>A new order, Pending until its charge is settled.</summary>
    public static Order Place(Guid id, string customerId, PricedOrder priced, string cardLast4, DateTimeOffset now) =>
        new(id, customerId, OrderStatus.Pending, priced.Currency, priced.Lines, priced.Subtotal, priced.Discount, priced.Total,
            priced.PricedBy, cardLast4, paymentId: null, failureReason: null, now, now);

    /// <summary>Only a Pending order is charged; one cancelled before its charge was delivered is not.</summary>
    public bool AwaitsPayment => Status == OrderStatus.Pending;

    public CancelAction CancelAction => CancelActionFor(Status);

    /// <summary>Records the settled outcome of the order's charge: Paid or PaymentFailed.</summary>
    public void Settle(PaymentSettlement settlement, DateTimeOffset now)
    {
        if (settlement.Status is not { } settledAs)
        {
            throw new InvalidOperationException("A charge still to be retried settles nothing.");
        }

        MoveTo(settledAs, now);
        PaymentId = settlement.PaymentId;
        FailureReason = settlement.FailureReason;
    }

    public void Cancel(DateTimeOffset now) => MoveTo(OrderStatus.Cancelled, now);

    /// <summary>After payments refunded the order's payment.</summary>
    public void MarkRefunded(DateTimeOffset now) => MoveTo(OrderStatus.Refunded, now);

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

    private void MoveTo(OrderStatus to, DateTimeOffset now)
    {
        if (!CanMove(Status, to))
        {
            throw new InvalidOperationException($"Order {Id} cannot move from {Status} to {to}.");
        }

        Status = to;
        UpdatedAt = now;
    }
}
