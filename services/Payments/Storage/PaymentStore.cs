using Dapper;
using Npgsql;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Storage;

/// <summary>Either this request holds the key now, or an earlier request with the key has committed its payment.</summary>
public abstract record ClaimResult
{
    public sealed record Claimed(ChargeClaim Claim) : ClaimResult;

    public sealed record AlreadyUsed(StoredPayment Earlier) : ClaimResult;
}

/// <summary>A payment as stored, with what makes replays safe: the idempotency key and the hash of the request it answered.</summary>
public sealed record StoredPayment(Payment Payment, string IdempotencyKey, string RequestHash, string CardToken);

public sealed class PaymentStore(NpgsqlDataSource dataSource)
{
    private const string SelectPayment = """
        select p.id as Id, p.order_id as OrderId, p.customer_id as CustomerId, p.amount as Amount, p.currency as Currency, p.status as Status,
               p.decline_reason as DeclineReason, c.last4 as CardLast4, p.created_at as CreatedAt, p.refunded_at as RefundedAt,
               p.idempotency_key as IdempotencyKey, p.request_hash as RequestHash, p.card_token as CardToken
        from payments p join cards c on c.token = p.card_token
        """;

    /// <summary>
    /// Claims the Idempotency-Key before the provider is called: inserts the payment as Pending, uncommitted. A concurrent
    /// insert of the same key waits on the unique key until this transaction ends: on commit it finds the committed payment,
    /// on rollback it claims the key itself. So concurrent identical charges reach the provider once.
    /// </summary>
    public async Task<ClaimResult> ClaimAsync(StoredPayment pending, CancellationToken cancellationToken)
    {
        var p = pending.Payment;
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var transaction = default(NpgsqlTransaction);
        var handedOver = false;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            var claimed = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
                insert into payments (id, order_id, customer_id, idempotency_key, request_hash, amount, currency, card_token, status, created_at)
                values (@Id, @OrderId, @CustomerId, @IdempotencyKey, @RequestHash, @Amount, @Currency, @CardToken, 'Pending', @CreatedAt)
                on conflict (idempotency_key) do nothing
                returning id
                """,
                new { p.Id, p.OrderId, p.CustomerId, pending.IdempotencyKey, pending.RequestHash, p.Amount, p.Currency, pending.CardToken, p.CreatedAt },
                transaction, cancellationToken: cancellationToken));
            if (claimed is { } id)
            {
                handedOver = true; // the claim now owns connection and transaction
                return new ClaimResult.Claimed(new ChargeClaim(connection, transaction, id));
            }

            // The key's holder committed (a rolled-back holder would have let the insert through): this statement sees its row.
            var earlier = (await connection.QueryAsync<PaymentRow>(new CommandDefinition(
                SelectPayment + " where p.idempotency_key = @IdempotencyKey", new { pending.IdempotencyKey }, transaction,
                cancellationToken: cancellationToken))).Single().ToStored();
            return new ClaimResult.AlreadyUsed(earlier);
        }
        finally
        {
            if (!handedOver)
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync();
                }

                await connection.DisposeAsync();
            }
        }
    }

    public async Task<StoredPayment?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        (await QueryAsync(SelectPayment + " where p.idempotency_key = @idempotencyKey", new { idempotencyKey }, cancellationToken)).SingleOrDefault();

    public async Task<Payment?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync(SelectPayment + " where p.id = @id", new { id }, cancellationToken)).SingleOrDefault()?.Payment;

    /// <summary>The customer's own payment; another customer's is not found, exactly like one that does not exist.</summary>
    public async Task<Payment?> FindForCustomerAsync(Guid id, string customerId, CancellationToken cancellationToken) =>
        (await QueryAsync(SelectPayment + " where p.id = @id and p.customer_id = @customerId", new { id, customerId }, cancellationToken)).SingleOrDefault()?.Payment;

    /// <summary>The customer's own payments of an order (none for another customer's order).</summary>
    public async Task<IReadOnlyList<Payment>> ListForCustomerOrderAsync(Guid orderId, string customerId, CancellationToken cancellationToken) =>
        [.. (await QueryAsync(SelectPayment + " where p.order_id = @orderId and p.customer_id = @customerId order by p.created_at, p.id",
            new { orderId, customerId }, cancellationToken)).Select(s => s.Payment)];

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
        Guid Id, Guid OrderId, string? CustomerId, decimal Amount, string Currency, string Status, string? DeclineReason, string CardLast4,
        DateTime CreatedAt, DateTime? RefundedAt, string IdempotencyKey, string RequestHash, string CardToken)
    {
        public StoredPayment ToStored() => new(
            new Payment(Id, OrderId, CustomerId, Amount, Currency, Status, DeclineReason, CardLast4, Utc(CreatedAt), RefundedAt is { } r ? Utc(r) : null),
            IdempotencyKey, RequestHash, CardToken);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
