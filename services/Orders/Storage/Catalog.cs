using Dapper;
using Npgsql;
using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Storage;

/// <summary>
/// The products, read from the database and kept in memory for <see cref="CacheFor"/>: the catalogue only changes by
/// migration, and reading it on every order and every listing was a database round trip per request.
/// </summary>
public sealed class Catalog(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>How long a read of the catalogue is reused; a changed price is seen by new orders after at most this long.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private const string SelectProducts = "select id as Id, name as Name, price as Price, currency as Currency from products order by name";

    private volatile Snapshot? current;

    public async Task<IReadOnlyList<Product>> AllAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken)).All;

    /// <summary>The products among <paramref name="ids"/> that exist; unknown ids are simply absent.</summary>
    public async Task<IReadOnlyDictionary<string, Product>> FindAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var snapshot = await LoadAsync(cancellationToken);
        var found = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (snapshot.ById.TryGetValue(id, out var product))
            {
                found[id] = product;
            }
        }

        return found;
    }

    private async ValueTask<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = current;
        var now = time.GetUtcNow();
        if (snapshot is not null && now < snapshot.Expires)
        {
            return snapshot;
        }

        // Concurrent misses may each read once; they all get the same answer, so no lock is needed.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        Product[] all = [.. await connection.QueryAsync<Product>(new CommandDefinition(SelectProducts, cancellationToken: cancellationToken))];
        snapshot = new Snapshot(all, all.ToDictionary(p => p.Id, StringComparer.Ordinal), now + CacheFor);
        current = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(IReadOnlyList<Product> All, IReadOnlyDictionary<string, Product> ById, DateTimeOffset Expires);
}
