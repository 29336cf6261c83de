using ReferenceApp.Cards;
using System.Security.Cryptography;
using Dapper;
using Npgsql;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Storage;

/// <summary>Exchanges a card for a random token. Only brand, last four digits and expiry are kept (see docs/api.md).</summary>
public sealed class CardVault(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<Card> TokenizeAsync(string digits, string expiry, CancellationToken cancellationToken)
    {
        var card = new Card("tok_" + RandomNumberGenerator.GetHexString(32, lowercase: true), CardRules.BrandOf(digits), digits[^4..], expiry);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into cards (token, brand, last4, expiry, created_at) values (@Token, @Brand, @Last4, @Expiry, @CreatedAt)",
            new { card.Token, card.Brand, card.Last4, card.Expiry, CreatedAt = time.GetUtcNow() },
            cancellationToken: cancellationToken));
        return card;
    }

    public async Task<Card?> FindAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Card>(new CommandDefinition(
            "select token as Token, brand as Brand, last4 as Last4, expiry as Expiry from cards where token = @token",
            new { token }, cancellationToken: cancellationToken));
    }
}
