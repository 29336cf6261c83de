using Dapper;
using Npgsql;
using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Storage;

/// <summary>
/// Due records taken by <see cref="OutboxStore.TakeDueAsync"/>, locked with their orders until <see cref="SettleAsync"/> commits
/// their outcomes; disposed unsettled, it rolls back and every record is simply due again.
/// </summary>
public sealed class OutboxBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<DueCharge> due) : IAsyncDisposable
{
    public IReadOnlyList<DueCharge> Due => due;

    /// <summary>
    /// Every outcome in one statement and one commit: settled orders are stored as <see cref="Order.Settle"/> left them (only if
    /// still Pending, the one state a settlement leaves), their records are marked processed; a record to retry gets its next
    /// attempt and the error instead.
    /// </summary>
    public async Task SettleAsync(IReadOnlyList<OutboxOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settled = outcomes.Select(o => o.OrderSettled ? o.Charge.Order : null).ToArray();
        await connection.ExecuteAsync(new CommandDefinition("""
            with outcome as (
                select * from unnest(@recordIds::bigint[], @orderIds::uuid[], @statuses::text[], @paymentIds::uuid[], @failureReasons::text[],
                                     @updatedAts::timestamptz[], @retryAts::timestamptz[], @errors::text[])
                    as t(record_id, order_id, status, payment_id, failure_reason, updated_at, retry_at, error)
            ), settled as (
                update orders o
                set status = outcome.status, payment_id = outcome.payment_id, failure_reason = outcome.failure_reason, updated_at = outcome.updated_at
                from outcome
                where o.id = outcome.order_id and outcome.status is not null and o.status = @pending
            )
            update outbox b
            set attempts = b.attempts + 1,
                processed_at = case when outcome.retry_at is null then @now end,
                next_attempt_at = coalesce(outcome.retry_at, b.next_attempt_at),
                last_error = coalesce(outcome.error, b.last_error)
            from outcome
            where b.id = outcome.record_id
            """,
            new
            {
                recordIds = outcomes.Select(o => o.Charge.RecordId).ToArray(),
                orderIds = outcomes.Select(o => o.Charge.Order.Id).ToArray(),
                statuses = settled.Select(o => o?.Status.ToString()).ToArray(),
                paymentIds = settled.Select(o => o?.PaymentId).ToArray(),
                failureReasons = settled.Select(o => o?.FailureReason).ToArray(),
                updatedAts = settled.Select(o => o?.UpdatedAt).ToArray(),
                retryAts = outcomes.Select(o => o.RetryAt).ToArray(),
                errors = outcomes.Select(o => o.Error).ToArray(),
                pending = nameof(OrderStatus.Pending),
                now,
            },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
