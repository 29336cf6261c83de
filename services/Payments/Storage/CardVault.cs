using ReferenceApp.Cards;
using System.Security.Cryptography;
using Dapper;
using Npgsql;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Storage;

/// <summary>Exchanges a card for a random token. Only brand, last four digits and expiry are kept (see docs/api.md).</summary>
public sealed class CardVault(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<Card> TokenizeAsync(string digits, string expiry, Guid? orderId, CancellationToken cancellationToken)
    {
        var card = new Card("tok_" + RandomNumberGenerator.GetHexString(32, lowercase: true), CardRules.BrandOf(digits), digits[^4..], expiry);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into cards (token, brand, last4, expiry, order_id, created_at) values (@Token, @Brand, @Last4, @Expiry, @orderId, @CreatedAt)",
            new { card.Token, card.Brand, card.Last4, card.Expiry, orderId, CreatedAt = time.GetUtcNow() },
            cancellationToken: cancellationToken));
        return card;
    }

    /// <summary>
    /// Deletes the cards tokenized for <paramref name="orderId"/> that no payment uses (orders did not store that order).
    /// A card a payment references always stays. Returns how many were deleted; deleting again finds nothing.
    /// </summary>
    public async Task<int> ReleaseForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            delete from cards c
            where c.order_id = @orderId and not exists (select 1 from payments p where p.card_token = c.token)
            """, new { orderId }, cancellationToken: cancellationToken));
    }

    public async Task<Card?> FindAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Card>(new CommandDefinition(
            "select token as Token, brand as Brand, last4 as Last4, expiry as Expiry from cards where token = @token",
            new { token }, cancellationToken: cancellationToken));
    }
}
