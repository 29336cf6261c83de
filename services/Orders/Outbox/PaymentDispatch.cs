using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferenceApp.Orders.Domain;
using ReferenceApp.Orders.Payments;
using ReferenceApp.Orders.Telemetry;

namespace ReferenceApp.Orders.Outbox;

/// <summary>
/// Delivers the next due outbox records (up to <see cref="OutboxOptions.BatchSize"/>) to payments, concurrently, and records
/// every outcome on its order in one statement and one commit. The records and their orders stay locked
/// (FOR UPDATE SKIP LOCKED) until the outcomes are committed, so two loops or replicas never dispatch the same record and a
/// cancel waits for an in-flight charge. A crash in between only means a replay, which the idempotency key "order-{id}"
/// makes harmless.
/// </summary>
public sealed class PaymentDispatch(
    NpgsqlDataSource dataSource, PaymentsClient payments, IOptions<OutboxOptions> options, TimeProvider time, ILogger<PaymentDispatch> logger,
    OrdersMetrics metrics)
{
    public static readonly ActivitySource ActivitySource = new("ReferenceApp.Orders");

    private readonly RetrySchedule schedule = new(options.Value);

    /// <summary>Returns false when nothing was due.</summary>
    public async Task<bool> DispatchNextAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<DueRecord>(new CommandDefinition("""
            select o.id as Id, o.order_id as OrderId, o.payload::text as Payload, o.traceparent as TraceParent, o.tracestate as TraceState,
                   o.attempts as Attempts, ord.status as OrderStatus, ord.created_at as PlacedAt
            from outbox o join orders ord on ord.id = o.order_id
            where o.processed_at is null and o.next_attempt_at <= @now
            order by o.next_attempt_at, o.id
            limit @batch
            for update of o, ord skip locked
            """, new { now = time.GetUtcNow(), batch = options.Value.BatchSize }, transaction, cancellationToken: cancellationToken))).AsList();
        if (due.Count == 0)
        {
            return false;
        }

        var charges = due.Select(record => DeliverAsync(record, cancellationToken)).ToArray();
        Delivery[] deliveries;
        try
        {
            deliveries = await Task.WhenAll(charges);
        }
        catch
        {
            // Nothing is recorded (the transaction rolls back, so every record is due again); close the spans already open.
            foreach (var charge in charges.Where(c => c.IsCompletedSuccessfully))
            {
                charge.Result.Activity?.Dispose();
            }

            throw;
        }

        try
        {
            var now = time.GetUtcNow();
            await RecordOutcomesAsync(connection, transaction, deliveries, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            foreach (var delivery in deliveries.Where(d => d.Result is not null))
            {
                metrics.RecordDispatch(delivery.Activity, delivery.Result!, delivery.Record.Attempts + 1 >= options.Value.MaxAttempts, delivery.Record.PlacedAt, now);
            }
        }
        finally
        {
            foreach (var delivery in deliveries)
            {
                delivery.Activity?.Dispose();
            }
        }

        return true;
    }

    /// <summary>One record's charge and what it means for the order; its span stays open until the outcome is committed.</summary>
    private async Task<Delivery> DeliverAsync(DueRecord record, CancellationToken cancellationToken)
    {
        if (record.OrderStatus != nameof(OrderStatus.Pending))
        {
            // Cancelled before it was charged: nothing to deliver.
            return new Delivery(record, null, null, null, null, null, null, null);
        }

        // Continue the trace of the request that placed the order.
        ActivityContext.TryParse(record.TraceParent, record.TraceState, out var parent);
        var activity = ActivitySource.StartActivity("Orders outbox: charge order", ActivityKind.Internal, parent);
        activity?.SetTag("order.id", record.OrderId);
        activity?.SetTag("outbox.attempt", record.Attempts + 1);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["OrderId"] = record.OrderId, ["OutboxAttempt"] = record.Attempts + 1 });

        var charge = JsonSerializer.Deserialize<ChargeMessage>(record.Payload, JsonSerializerOptions.Web)!;
        var result = await payments.ChargeAsync(charge, $"order-{record.OrderId}", cancellationToken);
        switch (result)
        {
            case ChargeResult.Captured captured:
                return new Delivery(record, activity, result, OrderStatus.Paid, captured.PaymentId, null, null, null);
            case ChargeResult.Declined declined:
                return new Delivery(record, activity, result, OrderStatus.PaymentFailed, declined.PaymentId, declined.Reason, null, null);
            case ChargeResult.Rejected rejected:
                logger.LogWarning("Payments rejected the charge of order {OrderId}: {Reason}", record.OrderId, rejected.Reason);
                return new Delivery(record, activity, result, OrderStatus.PaymentFailed, null, "payment_rejected", null, null);
            case ChargeResult.Transient transient when record.Attempts + 1 >= options.Value.MaxAttempts:
                logger.LogWarning("Giving up charging order {OrderId} after {Attempts} attempts: {Reason}", record.OrderId, record.Attempts + 1, transient.Reason);
                return new Delivery(record, activity, result, OrderStatus.PaymentFailed, null, "payments_unavailable", null, null);
            default:
                var reason = ((ChargeResult.Transient)result).Reason;
                activity?.SetStatus(ActivityStatusCode.Error, reason);
                return new Delivery(record, activity, result, null, null, null, schedule.NextAttemptAt(time.GetUtcNow(), record.Attempts + 1), reason);
        }
    }

    /// <summary>
    /// Every outcome of the batch in one statement: settled orders move out of Pending (only if still Pending), their records
    /// are marked processed; a record to retry gets its next attempt and the error instead.
    /// </summary>
    private static Task RecordOutcomesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Delivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            with outcome as (
                select * from unnest(@recordIds::bigint[], @orderIds::uuid[], @statuses::text[], @paymentIds::uuid[], @failureReasons::text[],
                                     @retryAts::timestamptz[], @errors::text[])
                    as t(record_id, order_id, status, payment_id, failure_reason, retry_at, error)
            ), settled as (
                update orders o
                set status = outcome.status, payment_id = outcome.payment_id, failure_reason = outcome.failure_reason, updated_at = @now
                from outcome
                where o.id = outcome.order_id and outcome.status is not null and o.status = 'Pending'
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
                recordIds = deliveries.Select(d => d.Record.Id).ToArray(),
                orderIds = deliveries.Select(d => d.Record.OrderId).ToArray(),
                statuses = deliveries.Select(d => d.SettledAs?.ToString()).ToArray(),
                paymentIds = deliveries.Select(d => d.PaymentId).ToArray(),
                failureReasons = deliveries.Select(d => d.FailureReason).ToArray(),
                retryAts = deliveries.Select(d => d.RetryAt).ToArray(),
                errors = deliveries.Select(d => d.Error).ToArray(),
                now,
            },
            transaction, cancellationToken: cancellationToken));

    private sealed record DueRecord(long Id, Guid OrderId, string Payload, string? TraceParent, string? TraceState, int Attempts, string OrderStatus, DateTime PlacedAt);

    /// <summary>
    /// A delivered record: <see cref="SettledAs"/> when the order's payment is decided (or null with no <see cref="Result"/>
    /// when it was cancelled first), <see cref="RetryAt"/> when payments was unavailable.
    /// </summary>
    private sealed record Delivery(
        DueRecord Record, Activity? Activity, ChargeResult? Result, OrderStatus? SettledAs, Guid? PaymentId, string? FailureReason,
        DateTimeOffset? RetryAt, string? Error);
}
