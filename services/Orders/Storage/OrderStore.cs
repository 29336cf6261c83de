using System.Text.Json;
using Dapper;
using Npgsql;
using ReferenceApp.Orders.Apis;
using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Storage;

/// <summary>The response an Idempotency-Key first produced, replayed for identical retries.</summary>
public sealed record IdempotencyRecord(string RequestHash, int StatusCode, OrderResponse Response);

/// <summary>The outbox record written with a new order: the charge to deliver and the trace it belongs to.</summary>
public sealed record NewOutboxMessage(string Kind, string Payload, string? TraceParent, string? TraceState);

public sealed class OrderStore(NpgsqlDataSource dataSource)
{
    internal const string ChargeKind = "charge";

    /// <summary>
    /// Writes the key, the order, its lines and its outbox record in one transaction. When the key is already taken
    /// (including by a concurrent request, whose commit the insert waits for), nothing is written and the first response is returned.
    /// </summary>
    public async Task<IdempotencyRecord?> PlaceAsync(
        string idempotencyKey, string requestHash, OrderResponse order, string cardToken, NewOutboxMessage outbox, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = await connection.ExecuteAsync(new CommandDefinition("""
            insert into idempotency_requests (key, request_hash, order_id, status_code, response_body, created_at)
            values (@idempotencyKey, @requestHash, @Id, 201, @body, @CreatedAt)
            on conflict (key) do nothing
            """,
            new { idempotencyKey, requestHash, order.Id, body = JsonSerializer.Serialize(order, JsonSerializerOptions.Web), order.CreatedAt },
            transaction, cancellationToken: cancellationToken));
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await FindIdempotencyRecordAsync(idempotencyKey, cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into orders (id, customer_id, status, currency, subtotal, discount, total, priced_by, card_token, card_last4, created_at, updated_at)
            values (@Id, @CustomerId, @Status, @Currency, @Subtotal, @Discount, @Total, @PricedBy, @cardToken, @CardLast4, @CreatedAt, @UpdatedAt)
            """,
            new { order.Id, order.CustomerId, order.Status, order.Currency, order.Subtotal, order.Discount, order.Total, order.PricedBy, cardToken, order.CardLast4, order.CreatedAt, order.UpdatedAt },
            transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into order_lines (order_id, line_no, product_id, product_name, unit_price, quantity, line_total)
            values (@OrderId, @LineNo, @ProductId, @ProductName, @UnitPrice, @Quantity, @LineTotal)
            """,
            order.Lines.Select((l, i) => new { OrderId = order.Id, LineNo = i + 1, l.ProductId, l.ProductName, l.UnitPrice, l.Quantity, l.LineTotal }),
            transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into outbox (order_id, kind, payload, traceparent, tracestate, next_attempt_at, created_at)
            values (@Id, @Kind, @Payload::jsonb, @TraceParent, @TraceState, @CreatedAt, @CreatedAt)
            """,
            new { order.Id, outbox.Kind, outbox.Payload, outbox.TraceParent, outbox.TraceState, order.CreatedAt },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    public async Task<IdempotencyRecord?> FindIdempotencyRecordAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string RequestHash, int StatusCode, string ResponseBody)>(new CommandDefinition(
            "select request_hash, status_code, response_body from idempotency_requests where key = @idempotencyKey",
            new { idempotencyKey }, cancellationToken: cancellationToken));
        return row.ResponseBody is null
            ? null
            : new IdempotencyRecord(row.RequestHash, row.StatusCode, JsonSerializer.Deserialize<OrderResponse>(row.ResponseBody, JsonSerializerOptions.Web)!);
    }

    public async Task<OrderResponse?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var order = await connection.QuerySingleOrDefaultAsync<OrderRow>(new CommandDefinition("""
            select id as Id, customer_id as CustomerId, status as Status, currency as Currency, subtotal as Subtotal, discount as Discount,
                   total as Total, priced_by as PricedBy, card_last4 as CardLast4, payment_id as PaymentId, failure_reason as FailureReason,
                   created_at as CreatedAt, updated_at as UpdatedAt
            from orders where id = @id
            """, new { id }, cancellationToken: cancellationToken));
        if (order is null)
        {
            return null;
        }

        var lines = await connection.QueryAsync<OrderLineResponse>(new CommandDefinition("""
            select product_id as ProductId, product_name as ProductName, unit_price as UnitPrice, quantity as Quantity, line_total as LineTotal
            from order_lines where order_id = @id order by line_no
            """, new { id }, cancellationToken: cancellationToken));
        return order.ToResponse([.. lines]);
    }

    /// <summary>A page of a customer's orders, newest first, strictly after the keyset position (createdAt, id).</summary>
    public async Task<IReadOnlyList<OrderSummary>> ListAsync(
        string customerId, int limit, (DateTimeOffset CreatedAt, Guid Id)? after, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var keyset = after is null ? "" : "and (o.created_at, o.id) < (@afterCreatedAt, @afterId)";
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition($"""
            select o.id as Id, o.status as Status, o.total as Total, o.currency as Currency,
                   (select count(*) from order_lines l where l.order_id = o.id)::int as LineCount, o.created_at as CreatedAt
            from orders o
            where o.customer_id = @customerId {keyset}
            order by o.created_at desc, o.id desc
            limit @limit
            """,
            new { customerId, limit, afterCreatedAt = after?.CreatedAt ?? default, afterId = after?.Id ?? default },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new OrderSummary(r.Id, r.Status, r.Total, r.Currency, r.LineCount, Utc(r.CreatedAt)))];
    }

    /// <summary>Moves the order only if it is still in <paramref name="from"/>; a concurrent change makes this return false.</summary>
    public async Task<bool> TryMoveAsync(Guid id, OrderStatus from, OrderStatus to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!OrderStateMachine.CanMove(from, to))
        {
            throw new InvalidOperationException($"An order cannot move from {from} to {to}.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update orders set status = @to, updated_at = @now where id = @id and status = @from",
            new { id, from = from.ToString(), to = to.ToString(), now }, cancellationToken: cancellationToken)) == 1;
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record OrderRow(
        Guid Id, string CustomerId, string Status, string Currency, decimal Subtotal, decimal Discount, decimal Total, string PricedBy,
        string CardLast4, Guid? PaymentId, string? FailureReason, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public OrderResponse ToResponse(IReadOnlyList<OrderLineResponse> lines) => new(
            Id, CustomerId, Status, Currency, lines, Subtotal, Discount, Total, PricedBy, CardLast4, PaymentId, FailureReason, Utc(CreatedAt), Utc(UpdatedAt));
    }

    private sealed record SummaryRow(Guid Id, string Status, decimal Total, string Currency, int LineCount, DateTime CreatedAt);
}
