using ReferenceApp.Orders.Domain;
using ReferenceApp.Orders.Payments;
using ReferenceApp.Orders.Storage;

namespace ReferenceApp.Orders.Ordering;

public abstract record CancellationResult
{
    public sealed record Done(Order Order) : CancellationResult;

    public sealed record NotFound : CancellationResult;

    public sealed record Conflict(string Status) : CancellationResult;

    public sealed record RefundUnavailable : CancellationResult;
}

/// <summary>Pending → Cancelled; Paid → refunded by payments, then Refunded; anything else is a conflict.</summary>
public sealed class OrderCancellation(OrderStore store, PaymentsClient payments, TimeProvider time)
{
    /// <summary>Only the order's own customer cancels it; for anyone else it does not exist.</summary>
    public async Task<CancellationResult> CancelAsync(Guid id, string customerId, CancellationToken cancellationToken)
    {
        // Each move is conditional on the status we read; if the dispatcher settled the order meanwhile, look again.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await store.GetAsync(id, cancellationToken) is not { } order || order.CustomerId != customerId)
            {
                return new CancellationResult.NotFound();
            }

            var from = order.Status;
            switch (order.CancelAction)
            {
                case CancelAction.Refuse:
                    return new CancellationResult.Conflict(from.ToString());
                case CancelAction.Cancel:
                    order.Cancel(time.GetUtcNow());
                    if (await store.TryMoveAsync(order, from, cancellationToken))
                    {
                        return new CancellationResult.Done((await store.GetAsync(id, cancellationToken))!);
                    }

                    break;
                case CancelAction.RefundThenMarkRefunded:
                    // Refunding twice is harmless (payments answers 200 again), so a lost race after the refund is fine.
                    if (order.PaymentId is not { } paymentId || !await payments.RefundAsync(paymentId, cancellationToken))
                    {
                        return new CancellationResult.RefundUnavailable();
                    }

                    order.MarkRefunded(time.GetUtcNow());
                    if (await store.TryMoveAsync(order, from, cancellationToken))
                    {
                        return new CancellationResult.Done((await store.GetAsync(id, cancellationToken))!);
                    }

                    break;
            }
        }

        return new CancellationResult.Conflict("changing concurrently");
    }
}
