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
/// Delivers one due outbox record to payments and records the outcome on the order.
/// The record and its order stay locked (FOR UPDATE SKIP LOCKED) until the outcome is committed, so two replicas
/// never dispatch the same record and a cancel waits for an in-flight charge. A crash in between only means a replay,
/// which the idempotency key "order-{id}" makes harmless.
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
        var now = time.GetUtcNow();
        var record = await connection.QuerySingleOrDefaultAsync<DueRecord>(new CommandDefinition("""
            select o.id as Id, o.order_id as OrderId, o.payload::text as Payload, o.traceparent as TraceParent, o.tracestate as TraceState,
                   o.attempts as Attempts, ord.status as OrderStatus, ord.created_at as PlacedAt
            from outbox o join orders ord on ord.id = o.order_id
            where o.processed_at is null and o.next_attempt_at <= @now
            order by o.next_attempt_at, o.id
            limit 1
            for update of o, ord skip locked
            """, new { now }, transaction, cancellationToken: cancellationToken));
        if (record is null)
        {
            return false;
        }

        if (record.OrderStatus != nameof(OrderStatus.Pending))
        {
            // Cancelled before it was charged: nothing to deliver.
            await MarkProcessedAsync(connection, transaction, record.Id, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }

        // Continue the trace of the request that placed the order.
        ActivityContext.TryParse(record.TraceParent, record.TraceState, out var parent);
        using var activity = ActivitySource.StartActivity("Orders outbox: charge order", ActivityKind.Internal, parent);
        activity?.SetTag("order.id", record.OrderId);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["OrderId"] = record.OrderId, ["OutboxAttempt"] = record.Attempts + 1 });
        activity?.SetTag("outbox.attempt", record.Attempts + 1);

        var charge = JsonSerializer.Deserialize<ChargeMessage>(record.Payload, JsonSerializerOptions.Web)!;
        var result = await payments.ChargeAsync(charge, $"order-{record.OrderId}", cancellationToken);
        now = time.GetUtcNow();
        switch (result)
        {
            case ChargeResult.Captured captured:
                await SettleAsync(connection, transaction, record, OrderStatus.Paid, captured.PaymentId, null, now, cancellationToken);
                break;
            case ChargeResult.Declined declined:
                await SettleAsync(connection, transaction, record, OrderStatus.PaymentFailed, declined.PaymentId, declined.Reason, now, cancellationToken);
                break;
            case ChargeResult.Rejected rejected:
                logger.LogWarning("Payments rejected the charge of order {OrderId}: {Reason}", record.OrderId, rejected.Reason);
                await SettleAsync(connection, transaction, record, OrderStatus.PaymentFailed, null, "payment_rejected", now, cancellationToken);
                break;
            case ChargeResult.Transient transient when record.Attempts + 1 >= options.Value.MaxAttempts:
                logger.LogWarning("Giving up charging order {OrderId} after {Attempts} attempts: {Reason}", record.OrderId, record.Attempts + 1, transient.Reason);
                await SettleAsync(connection, transaction, record, OrderStatus.PaymentFailed, null, "payments_unavailable", now, cancellationToken);
                break;
            case ChargeResult.Transient transient:
                activity?.SetStatus(ActivityStatusCode.Error, transient.Reason);
                await connection.ExecuteAsync(new CommandDefinition(
                    "update outbox set attempts = attempts + 1, next_attempt_at = @next, last_error = @error where id = @Id",
                    new { record.Id, next = schedule.NextAttemptAt(now, record.Attempts + 1), error = transient.Reason },
                    transaction, cancellationToken: cancellationToken));
                break;
        }

        await transaction.CommitAsync(cancellationToken);
        metrics.RecordDispatch(activity, result, record.Attempts + 1 >= options.Value.MaxAttempts, record.PlacedAt, now);
        return true;
    }

    /// <summary>The outcome on the order and the record marked done, as one statement (one round trip before the commit).</summary>
    private static Task SettleAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DueRecord record, OrderStatus status, Guid? paymentId, string? failureReason,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            with settled as (
                update orders set status = @status, payment_id = @paymentId, failure_reason = @failureReason, updated_at = @now
                where id = @OrderId and status = 'Pending'
            )
            update outbox set processed_at = @now, attempts = attempts + 1 where id = @Id
            """,
            new { record.OrderId, record.Id, status = status.ToString(), paymentId, failureReason, now }, transaction, cancellationToken: cancellationToken));

    private static Task MarkProcessedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "update outbox set processed_at = @now, attempts = attempts + 1 where id = @id",
            new { id, now }, transaction, cancellationToken: cancellationToken));

    private sealed record DueRecord(long Id, Guid OrderId, string Payload, string? TraceParent, string? TraceState, int Attempts, string OrderStatus, DateTime PlacedAt);
}
