using System.Text.Json;
using Dapper;
using Npgsql;
using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Storage;

/// <summary>The order an Idempotency-Key first created, as it was then: replayed for identical retries.</summary>
public sealed record IdempotencyRecord(string RequestHash, int StatusCode, Order Order);

/// <summary>The outbox record written with a new order: the charge to deliver and the trace it belongs to.</summary>
public sealed record NewOutboxMessage(string Kind, string Payload, string? TraceParent, string? TraceState);

public sealed class OrderStore(NpgsqlDataSource dataSource)
{
    internal const string ChargeKind = "charge";

    /// <summary>
    /// Writes the key, the order, its lines and its outbox record as one statement: one round trip, and atomic without an
    /// explicit transaction. The order is written only when the key was claimed; when the key is already taken (including by
    /// a concurrent request, whose commit the claim waits for), nothing is written and the first response is returned.
    /// </summary>
    public async Task<IdempotencyRecord?> PlaceAsync(
        string idempotencyKey, string requestHash, Order order, string cardToken, NewOutboxMessage outbox, CancellationToken cancellationToken)
    {
        var lines = order.Lines;
        int claimed;
        // The connection goes back to the pool before the winner's record is read: holding it while waiting for a
        // second one starves the pool when many requests with one key arrive together (100 at once: 503s after 15 s).
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            claimed = await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            with claimed as (
                insert into idempotency_requests (key, request_hash, order_id, status_code, response_body, created_at)
                values (@idempotencyKey, @requestHash, @Id, 201, @body, @CreatedAt)
                on conflict (key) do nothing
                returning order_id
            ), placed as (
                insert into orders (id, customer_id, status, currency, subtotal, discount, total, priced_by, card_token, card_last4, created_at, updated_at)
                select order_id, @CustomerId, @Status, @Currency, @Subtotal, @Discount, @Total, @PricedBy, @cardToken, @CardLast4, @CreatedAt, @UpdatedAt
                from claimed
                returning id
            ), lines as (
                insert into order_lines (order_id, line_no, product_id, product_name, unit_price, quantity, line_total)
                select placed.id, line.*
                from placed, unnest(@lineNos, @productIds, @productNames, @unitPrices, @quantities, @lineTotals) as line
            ), queued as (
                insert into outbox (order_id, kind, payload, traceparent, tracestate, next_attempt_at, created_at)
                select id, @Kind, @Payload::jsonb, @TraceParent, @TraceState, @CreatedAt, @CreatedAt
                from placed
            )
            select count(*)::int from claimed
            """,
            new
            {
                idempotencyKey, requestHash, order.Id, body = JsonSerializer.Serialize(OrderSnapshot.Of(order), JsonSerializerOptions.Web),
                order.CustomerId, Status = order.Status.ToString(), order.Currency, order.Subtotal, order.Discount, order.Total, order.PricedBy, cardToken,
                order.CardLast4, order.CreatedAt, order.UpdatedAt,
                lineNos = Enumerable.Range(1, lines.Count).ToArray(),
                productIds = lines.Select(l => l.ProductId).ToArray(),
                productNames = lines.Select(l => l.ProductName).ToArray(),
                unitPrices = lines.Select(l => l.UnitPrice).ToArray(),
                quantities = lines.Select(l => l.Quantity).ToArray(),
                lineTotals = lines.Select(l => l.LineTotal).ToArray(),
                outbox.Kind, outbox.Payload, outbox.TraceParent, outbox.TraceState,
            },
            cancellationToken: cancellationToken));
        }

        return claimed == 1 ? null : await FindIdempotencyRecordAsync(idempotencyKey, cancellationToken);
    }

    public async Task<IdempotencyRecord?> FindIdempotencyRecordAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string RequestHash, int StatusCode, string ResponseBody)>(new CommandDefinition(
            "select request_hash, status_code, response_body from idempotency_requests where key = @idempotencyKey",
            new { idempotencyKey }, cancellationToken: cancellationToken));
        return row.ResponseBody is null
            ? null
            : new IdempotencyRecord(row.RequestHash, row.StatusCode, JsonSerializer.Deserialize<OrderSnapshot>(row.ResponseBody, JsonSerializerOptions.Web)!.ToOrder());
    }

    public async Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from orders where id = @id)", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<Order?> GetAsync(Guid id, CancellationToken cancellationToken)
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

        var lines = await connection.QueryAsync<OrderLine>(new CommandDefinition("""
            select product_id as ProductId, product_name as ProductName, unit_price as UnitPrice, quantity as Quantity, line_total as LineTotal
            from order_lines where order_id = @id order by line_no
            """, new { id }, cancellationToken: cancellationToken));
        return order.ToOrder([.. lines]);
    }

    /// <summary>A page of a customer's orders, newest first, strictly after the keyset position (createdAt, id).</summary>
    public async Task<IReadOnlyList<ListedOrder>> ListAsync(
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
        return [.. rows.Select(r => new ListedOrder(r.Id, Enum.Parse<OrderStatus>(r.Status), r.Total, r.Currency, r.LineCount, Utc(r.CreatedAt)))];
    }

    /// <summary>
    /// Stores a transition the order went through (<see cref="Order.Cancel"/>, <see cref="Order.MarkRefunded"/>) only if the
    /// stored order is still in <paramref name="from"/>; a concurrent change makes this return false.
    /// </summary>
    public async Task<bool> TryMoveAsync(Order order, OrderStatus from, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            update orders set status = @to, payment_id = @PaymentId, failure_reason = @FailureReason, updated_at = @UpdatedAt
            where id = @Id and status = @from
            """,
            new { order.Id, from = from.ToString(), to = order.Status.ToString(), order.PaymentId, order.FailureReason, order.UpdatedAt },
            cancellationToken: cancellationToken)) == 1;
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record OrderRow(
        Guid Id, string CustomerId, string Status, string Currency, decimal Subtotal, decimal Discount, decimal Total, string PricedBy,
        string CardLast4, Guid? PaymentId, string? FailureReason, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public Order ToOrder(IReadOnlyList<OrderLine> lines) => new(
            Id, CustomerId, Enum.Parse<OrderStatus>(Status), Currency, lines, Subtotal, Discount, Total, PricedBy, CardLast4, PaymentId, FailureReason,
            Utc(CreatedAt), Utc(UpdatedAt));
    }

    private sealed record SummaryRow(Guid Id, string Status, decimal Total, string Currency, int LineCount, DateTime CreatedAt);
}
