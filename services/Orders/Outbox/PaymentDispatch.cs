using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ReferenceApp.Orders.Domain;
using ReferenceApp.Orders.Payments;
using ReferenceApp.Orders.Storage;
using ReferenceApp.Orders.Telemetry;

namespace ReferenceApp.Orders.Outbox;

/// <summary>
/// Delivers the next due outbox records (up to <see cref="OutboxOptions.BatchSize"/>) to payments, concurrently, settles each
/// order through <see cref="Order.Settle"/> and commits every outcome at once (<see cref="OutboxBatch.SettleAsync"/>). The
/// records and their orders stay locked until then, so two loops or replicas never dispatch the same record and a cancel
/// waits for an in-flight charge. A crash in between only means a replay, which the idempotency key "order-{id}" makes harmless.
/// </summary>
public sealed class PaymentDispatch(
    OutboxStore outbox, PaymentsClient payments, IOptions<OutboxOptions> options, TimeProvider time, ILogger<PaymentDispatch> logger,
    OrdersMetrics metrics)
{
    public static readonly ActivitySource ActivitySource = new("ReferenceApp.Orders");

    private readonly RetrySchedule schedule = new(options.Value);

    /// <summary>Returns false when nothing was due.</summary>
    public async Task<bool> DispatchNextAsync(CancellationToken cancellationToken)
    {
        await using var batch = await outbox.TakeDueAsync(options.Value.BatchSize, time.GetUtcNow(), cancellationToken);
        if (batch.Due.Count == 0)
        {
            return false;
        }

        var charges = batch.Due.Select(charge => DeliverAsync(charge, cancellationToken)).ToArray();
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
            foreach (var delivery in deliveries.Where(d => d.Settlement is { Settled: true }))
            {
                delivery.Charge.Order.Settle(delivery.Settlement!, now);
            }

            await batch.SettleAsync([.. deliveries.Select(d => d.Outcome)], now, cancellationToken);
            foreach (var delivery in deliveries.Where(d => d.Settlement is not null))
            {
                metrics.RecordDispatch(delivery.Activity, delivery.Settlement!, delivery.Charge.Order.CreatedAt, now);
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
    private async Task<Delivery> DeliverAsync(DueCharge due, CancellationToken cancellationToken)
    {
        if (!due.Order.AwaitsPayment)
        {
            // Cancelled before it was charged: nothing to deliver.
            return new Delivery(due, null, null, null, null);
        }

        // Continue the trace of the request that placed the order.
        ActivityContext.TryParse(due.TraceParent, due.TraceState, out var parent);
        var activity = ActivitySource.StartActivity("Orders outbox: charge order", ActivityKind.Internal, parent);
        activity?.SetTag("order.id", due.Order.Id);
        activity?.SetTag("outbox.attempt", due.Attempts + 1);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["OrderId"] = due.Order.Id, ["OutboxAttempt"] = due.Attempts + 1 });

        var charge = JsonSerializer.Deserialize<ChargeMessage>(due.Payload, JsonSerializerOptions.Web)! with { CustomerId = due.Order.CustomerId };
        var result = await payments.ChargeAsync(charge, $"order-{due.Order.Id}", cancellationToken);
        var settlement = PaymentSettlement.For(result, lastAttempt: due.Attempts + 1 >= options.Value.MaxAttempts);
        switch (result)
        {
            case ChargeResult.Rejected rejected:
                logger.LogWarning("Payments rejected the charge of order {OrderId}: {Reason}", due.Order.Id, rejected.Reason);
                break;
            case ChargeResult.Transient transient when settlement.Settled:
                logger.LogWarning("Giving up charging order {OrderId} after {Attempts} attempts: {Reason}", due.Order.Id, due.Attempts + 1, transient.Reason);
                break;
            case ChargeResult.Transient transient:
                activity?.SetStatus(ActivityStatusCode.Error, transient.Reason);
                return new Delivery(due, activity, settlement, schedule.NextAttemptAt(time.GetUtcNow(), due.Attempts + 1), transient.Reason);
        }

        return new Delivery(due, activity, settlement, null, null);
    }

    /// <summary>
    /// A delivered record: its <see cref="Settlement"/> (null when the order no longer awaited payment), and when payments was
    /// unavailable, the next attempt.
    /// </summary>
    private sealed record Delivery(DueCharge Charge, Activity? Activity, PaymentSettlement? Settlement, DateTimeOffset? RetryAt, string? Error)
    {
        public OutboxOutcome Outcome => new(Charge, Settlement is { Settled: true }, RetryAt, Error);
    }
}
