using Npgsql;
using ReferenceApp.AppHost.Infrastructure;
using ReferenceApp.Testing;

namespace ReferenceApp.AppHost.Tests;

/// <summary>
/// What the AppHost does as superuser on a real PostgreSQL (issue 15 item 5): each service's role owns its database and
/// what is in it, can migrate it, and is refused by the other service's database. Role and database names are unique
/// per test, so tests share one server.
/// </summary>
public sealed class DatabaseOwnershipTests(PostgresFixture postgres)
{
    private const string InsufficientPrivilege = "42501";

    [Fact]
    public async Task A_role_owns_its_new_database_and_can_migrate_it()
    {
        var (database, role) = Names("orders");

        await DatabaseOwnership.EnsureAsync(Superuser, database, role, "first-password", Token);

        await using var connection = await OpenAsAsync(role, database);
        await ExecuteAsync(connection, "create table orders (id uuid primary key); insert into orders values (gen_random_uuid())");
        Assert.Equal(role, await ScalarAsync(SuperuserOf(database), "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"));
        Assert.Equal(false, await ScalarAsync(SuperuserOf(database), $"select rolsuper from pg_roles where rolname = '{role}'"));
    }

    [Fact]
    public async Task One_services_role_is_refused_by_the_other_services_database()
    {
        var (ordersDatabase, ordersRole) = Names("orders");
        var (paymentsDatabase, paymentsRole) = Names("payments");
        await DatabaseOwnership.EnsureAsync(Superuser, ordersDatabase, ordersRole, "orders-password", Token);
        await DatabaseOwnership.EnsureAsync(Superuser, paymentsDatabase, paymentsRole, "payments-password", Token);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => OpenAsAsync(ordersRole, paymentsDatabase));

        Assert.Equal(InsufficientPrivilege, refused.SqlState);
        await using var own = await OpenAsAsync(paymentsRole, paymentsDatabase);
        Assert.Equal(1, await new NpgsqlCommand("select 1", own).ExecuteScalarAsync(Token));
    }

    [Fact]
    public async Task A_database_from_before_the_roles_is_handed_over_with_its_tables_and_data()
    {
        // As an older data folder has it: the superuser owns the database, the migrated tables and DbUp's journal.
        var (database, role) = Names("orders");
        await postgres.Server.CreateDatabaseAsync(database, Token);
        await using (var old = new NpgsqlConnection(SuperuserOf(database)))
        {
            await old.OpenAsync(Token);
            await ExecuteAsync(old, """
                create table schemaversions (schemaversionsid serial primary key, scriptname text not null);
                create table outbox (id bigint generated always as identity primary key, payload text);
                create view pending as select id from outbox;
                create sequence order_numbers;
                insert into outbox (payload) values ('kept');
                """);
        }

        await DatabaseOwnership.EnsureAsync(Superuser, database, role, "a-password", Token);
        await DatabaseOwnership.EnsureAsync(Superuser, database, role, "a-password", Token); // every start runs it again

        await using var connection = await OpenAsAsync(role, database);
        Assert.Equal("kept", await new NpgsqlCommand("select payload from outbox", connection).ExecuteScalarAsync(Token));
        await ExecuteAsync(connection, "alter table outbox add column note text; insert into outbox (payload) values ('new'); select nextval('order_numbers')");
        await ExecuteAsync(connection, "insert into schemaversions (scriptname) values ('0003'); select * from pending");
        Assert.Equal(0L, await ScalarAsync(SuperuserOf(database), $"""
            select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and pg_get_userbyid(c.relowner) <> '{role}'
            """));
    }

    [Fact]
    public async Task The_role_signs_in_with_a_password_and_running_it_again_replaces_it()
    {
        var (database, role) = Names("payments");
        await DatabaseOwnership.EnsureAsync(Superuser, database, role, "old-password", Token);
        var before = await VerifierAsync(role);

        await DatabaseOwnership.EnsureAsync(Superuser, database, role, "new-password", Token);

        // Stored as a SCRAM verifier (what pg_hba's scram-sha-256 checks), replaced at every start by the parameter's value.
        Assert.StartsWith("SCRAM-SHA-256$", before, StringComparison.Ordinal);
        Assert.NotEqual(before, await VerifierAsync(role));
    }

    private async Task<string?> VerifierAsync(string role) =>
        (string?)await ScalarAsync(SuperuserOf("postgres"), $"select rolpassword from pg_authid where rolname = '{role}'");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Superuser => postgres.Server.ConnectionString();

    private string SuperuserOf(string database) => postgres.Server.ConnectionString(database);

    private static (string Database, string Role) Names(string service)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return ($"{service}db_{suffix}", $"{service}_{suffix}");
    }

    private async Task<NpgsqlConnection> OpenAsAsync(string role, string database)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString(database)) { Username = role, Pooling = false };
        var connection = new NpgsqlConnection(connectionString.ConnectionString);
        try
        {
            await connection.OpenAsync(Token);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Token);
    }
}
