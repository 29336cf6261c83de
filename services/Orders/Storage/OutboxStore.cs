using System.Text.Json;
using Dapper;
using Npgsql;
using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Storage;

/// <summary>An outbox record due for delivery, with its order (as locked for this batch).</summary>
public sealed record DueCharge(long RecordId, Order Order, string Payload, string? TraceParent, string? TraceState, int Attempts);

/// <summary>
/// What became of a delivered record: <see cref="OrderSettled"/> when its order went through <see cref="Order.Settle"/>,
/// <see cref="RetryAt"/> when the charge is to be tried again; neither when the order no longer awaited payment.
/// </summary>
public sealed record OutboxOutcome(DueCharge Charge, bool OrderSettled, DateTimeOffset? RetryAt, string? Error);

/// <summary>The outbox: due charge records are taken in batches, locked with their orders until their outcomes are settled.</summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Takes up to <paramref name="batchSize"/> due records and their orders, locked (FOR UPDATE SKIP LOCKED) until the batch
    /// is settled or disposed, so two loops or replicas never take the same record and a cancel waits for an in-flight charge.
    /// </summary>
    public async Task<OutboxBatch> TakeDueAsync(int batchSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Lock first, then read the locked orders' lines (as JSON): one round trip, and lines are read only for the batch.
            var due = await connection.QueryAsync<DueRow>(new CommandDefinition("""
                with due as materialized (
                    select o.id as record_id, o.payload, o.traceparent, o.tracestate, o.attempts, o.next_attempt_at,
                           ord.id, ord.customer_id, ord.status, ord.currency, ord.subtotal, ord.discount, ord.total, ord.priced_by,
                           ord.card_last4, ord.payment_id, ord.failure_reason, ord.created_at, ord.updated_at
                    from outbox o join orders ord on ord.id = o.order_id
                    where o.processed_at is null and o.next_attempt_at <= @now
                    order by o.next_attempt_at, o.id
                    limit @batchSize
                    for update of o, ord skip locked
                )
                select d.record_id as RecordId, d.payload::text as Payload, d.traceparent as TraceParent, d.tracestate as TraceState,
                       d.attempts as Attempts, d.id as Id, d.customer_id as CustomerId, d.status as Status, d.currency as Currency,
                       d.subtotal as Subtotal, d.discount as Discount, d.total as Total, d.priced_by as PricedBy, d.card_last4 as CardLast4,
                       d.payment_id as PaymentId, d.failure_reason as FailureReason, d.created_at as CreatedAt, d.updated_at as UpdatedAt,
                       (select coalesce(json_agg(json_build_object('productId', l.product_id, 'productName', l.product_name,
                                   'unitPrice', l.unit_price, 'quantity', l.quantity, 'lineTotal', l.line_total) order by l.line_no), '[]')
                        from order_lines l where l.order_id = d.id)::text as Lines
                from due d
                order by d.next_attempt_at, d.record_id
                """, new { now, batchSize }, transaction, cancellationToken: cancellationToken));
            return new OutboxBatch(connection, transaction, [.. due.Select(d => d.ToDueCharge())]);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed record DueRow(
        long RecordId, string Payload, string? TraceParent, string? TraceState, int Attempts,
        Guid Id, string CustomerId, string Status, string Currency, decimal Subtotal, decimal Discount, decimal Total, string PricedBy,
        string CardLast4, Guid? PaymentId, string? FailureReason, DateTime CreatedAt, DateTime UpdatedAt, string Lines)
    {
        public DueCharge ToDueCharge() => new(
            RecordId,
            new Order(Id, CustomerId, Enum.Parse<OrderStatus>(Status), Currency, JsonSerializer.Deserialize<OrderLine[]>(Lines, JsonSerializerOptions.Web)!,
                Subtotal, Discount, Total, PricedBy, CardLast4, PaymentId, FailureReason, OrderStore.Utc(CreatedAt), OrderStore.Utc(UpdatedAt)),
            Payload, TraceParent, TraceState, Attempts);
    }
}
