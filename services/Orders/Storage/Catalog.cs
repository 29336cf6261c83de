using Dapper;
using Npgsql;
using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Storage;

public sealed class Catalog(NpgsqlDataSource dataSource)
{
    private const string SelectProducts = "select id as Id, name as Name, price as Price, currency as Currency from products";

    public async Task<IReadOnlyList<Product>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<Product>(new CommandDefinition(SelectProducts + " order by name", cancellationToken: cancellationToken))];
    }

    public async Task<IReadOnlyDictionary<string, Product>> FindAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var products = await connection.QueryAsync<Product>(new CommandDefinition(
            SelectProducts + " where id = any(@ids)", new { ids = ids.ToArray() }, cancellationToken: cancellationToken));
        return products.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }
}
