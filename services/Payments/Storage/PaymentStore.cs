using Dapper;
using Npgsql;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Storage;

public enum InsertOutcome
{
    Inserted,
    KeyAlreadyUsed,
    OrderAlreadyCharged,
}

/// <summary>A payment as stored, with what makes replays safe: the idempotency key and the hash of the request it answered.</summary>
public sealed record StoredPayment(Payment Payment, string IdempotencyKey, string RequestHash, string CardToken);

public sealed class PaymentStore(NpgsqlDataSource dataSource)
{
    private const string SelectPayment = """
        select p.id as Id, p.order_id as OrderId, p.amount as Amount, p.currency as Currency, p.status as Status,
               p.decline_reason as DeclineReason, c.last4 as CardLast4, p.created_at as CreatedAt, p.refunded_at as RefundedAt,
               p.idempotency_key as IdempotencyKey, p.request_hash as RequestHash, p.card_token as CardToken
        from payments p join cards c on c.token = p.card_token
        """;

    public async Task<InsertOutcome> InsertAsync(StoredPayment stored, CancellationToken cancellationToken)
    {
        var p = stored.Payment;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                insert into payments (id, order_id, idempotency_key, request_hash, amount, currency, card_token, status, decline_reason, created_at)
                values (@Id, @OrderId, @IdempotencyKey, @RequestHash, @Amount, @Currency, @CardToken, @Status, @DeclineReason, @CreatedAt)
                on conflict (idempotency_key) do nothing
                """,
                new { p.Id, p.OrderId, stored.IdempotencyKey, stored.RequestHash, p.Amount, p.Currency, stored.CardToken, p.Status, p.DeclineReason, p.CreatedAt },
                cancellationToken: cancellationToken));
            return inserted == 1 ? InsertOutcome.Inserted : InsertOutcome.KeyAlreadyUsed;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "payments_one_charge_per_order")
        {
            return InsertOutcome.OrderAlreadyCharged;
        }
    }

    public async Task<StoredPayment?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        (await QueryAsync(SelectPayment + " where p.idempotency_key = @idempotencyKey", new { idempotencyKey }, cancellationToken)).SingleOrDefault();

    public async Task<Payment?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync(SelectPayment + " where p.id = @id", new { id }, cancellationToken)).SingleOrDefault()?.Payment;

    public async Task<IReadOnlyList<Payment>> ListForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        [.. (await QueryAsync(SelectPayment + " where p.order_id = @orderId order by p.created_at, p.id", new { orderId }, cancellationToken)).Select(s => s.Payment)];

    /// <summary>Captured becomes Refunded in one conditional update, so two refunds racing cannot both count.</summary>
    public async Task<bool> MarkRefundedAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update payments set status = 'Refunded', refunded_at = @now where id = @id and status = 'Captured'",
            new { id, now }, cancellationToken: cancellationToken)) == 1;
    }

    private async Task<IEnumerable<StoredPayment>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PaymentRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToStored());
    }

    private sealed record PaymentRow(
        Guid Id, Guid OrderId, decimal Amount, string Currency, string Status, string? DeclineReason, string CardLast4,
        DateTime CreatedAt, DateTime? RefundedAt, string IdempotencyKey, string RequestHash, string CardToken)
    {
        public StoredPayment ToStored() => new(
            new Payment(Id, OrderId, Amount, Currency, Status, DeclineReason, CardLast4, Utc(CreatedAt), RefundedAt is { } r ? Utc(r) : null),
            IdempotencyKey, RequestHash, CardToken);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
