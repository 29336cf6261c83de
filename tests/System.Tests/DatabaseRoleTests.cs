using System.Net;
using System.Net.Http.Json;
using Npgsql;

namespace ReferenceApp.SystemTests;

/// <summary>
/// Least-privilege databases on the running system (issue 15 item 5): each service signs in with its own role and
/// password, owns what its migrations made, and the orders role is refused by paymentsdb.
/// </summary>
public class DatabaseRoleTests(SystemFixture system)
{
    private const string InsufficientPrivilege = "42501";
    private const string InvalidPassword = "28P01";

    [Fact]
    public async Task The_orders_role_is_refused_by_paymentsdb()
    {
        var orders = new NpgsqlConnectionStringBuilder(await system.Host.ConnectionStringAsync("ordersdb-login")) { Pooling = false };
        Assert.Equal("orders", orders.Username);

        orders.Database = "paymentsdb";
        await using var connection = new NpgsqlConnection(orders.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(TestContext.Current.CancellationToken));

        Assert.Equal(InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task A_service_role_needs_its_password()
    {
        var payments = new NpgsqlConnectionStringBuilder(await system.Host.ConnectionStringAsync("paymentsdb-login"))
        {
            Pooling = false,
            Password = "not-the-password",
        };
        await using var connection = new NpgsqlConnection(payments.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(TestContext.Current.CancellationToken));

        Assert.Equal(InvalidPassword, refused.SqlState);
    }

    [Theory]
    [InlineData("ordersdb", "orders")]
    [InlineData("paymentsdb", "payments")]
    public async Task Each_database_and_every_table_in_it_belong_to_its_services_role(string database, string role)
    {
        await using var connection = new NpgsqlConnection(await system.Host.ConnectionStringAsync($"{database}-login") + ";Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var owners = new NpgsqlCommand("""
            select pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()
            union
            select pg_get_userbyid(c.relowner) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'S')
            """, connection);
        var found = new List<string>();
        await using (var reader = await owners.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                found.Add(reader.GetString(0));
            }
        }

        Assert.Equal([role], found);
        await using var tables = new NpgsqlCommand("select count(*) from pg_tables where schemaname = 'public'", connection);
        Assert.True((long)(await tables.ExecuteScalarAsync(TestContext.Current.CancellationToken))! >= 3, "the service's migrations made its tables");
    }

    [Fact]
    public async Task The_services_still_migrate_and_serve_through_their_roles()
    {
        using var gateway = system.Host.CreateHttpClient("gateway");

        var products = await gateway.GetFromJsonAsync<List<Product>>("/api/products", TestContext.Current.CancellationToken);
        using var payments = system.Host.CreateHttpClient("payments");
        payments.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", await system.Host.CustomerAccessTokenAsync(TestContext.Current.CancellationToken));
        var noPayments = await payments.GetAsync($"/api/payments?orderId={Guid.NewGuid()}", TestContext.Current.CancellationToken);

        Assert.NotEmpty(products!);
        Assert.Equal(HttpStatusCode.OK, noPayments.StatusCode);
    }

    private sealed record Product(string Id, string Name);
}
