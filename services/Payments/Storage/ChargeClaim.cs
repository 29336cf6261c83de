using Dapper;
using Npgsql;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Storage;

public enum SettleOutcome
{
    Settled,
    OrderAlreadyCharged,
}

/// <summary>
/// An Idempotency-Key held by one charge: its payment row inserted as Pending in a transaction kept open while the
/// provider answers. Disposing without <see cref="SettleAsync"/> rolls the claim back (provider unavailable, request
/// aborted), so nothing is stored and the key is free again; a process killed meanwhile loses its session, and
/// PostgreSQL rolls back the same way.
/// </summary>
public sealed class ChargeClaim(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid paymentId) : IAsyncDisposable
{
    public Guid PaymentId { get; } = paymentId;

    /// <summary>Stores the provider's answer and commits. A second successful charge for the order is refused by the database.</summary>
    public async Task<SettleOutcome> SettleAsync(Payment payment, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update payments set status = @Status, decline_reason = @DeclineReason, created_at = @CreatedAt where id = @Id",
                new { payment.Status, payment.DeclineReason, payment.CreatedAt, Id = PaymentId }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return SettleOutcome.Settled;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "payments_one_charge_per_order")
        {
            return SettleOutcome.OrderAlreadyCharged;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
