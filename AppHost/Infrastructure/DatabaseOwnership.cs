using Npgsql;

namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>
/// The superuser's part of "a database per service": one role per service that owns its database, everything already
/// in it (a data folder from before the roles existed keeps working), and nobody else may connect. Idempotent: run at
/// every start (and after every restart of the server), it also sets the password the AppHost parameter holds now.
/// </summary>
public static class DatabaseOwnership
{
    public const string DuplicateDatabase = "42P04";

    public static async Task EnsureAsync(string superuserConnectionString, string databaseName, string roleName, string password, CancellationToken cancellationToken)
    {
        var role = Identifier(roleName);
        var database = Identifier(databaseName);
        await using (var server = await OpenAsync(superuserConnectionString, "postgres", cancellationToken))
        {
            // Role statements take no parameters: the password is a quoted literal (the generated one is alphanumeric).
            var exists = await ScalarAsync(server, "select 1 from pg_roles where rolname = $1", roleName, cancellationToken) is not null;
            await ExecuteAsync(server, exists
                ? $"alter role {role} with login nosuperuser nocreatedb nocreaterole password {Literal(password)}"
                : $"create role {role} with login nosuperuser nocreatedb nocreaterole password {Literal(password)}", cancellationToken);

            if (await ScalarAsync(server, "select 1 from pg_database where datname = $1", databaseName, cancellationToken) is null)
            {
                try
                {
                    await ExecuteAsync(server, $"create database {database} owner {role}", cancellationToken);
                }
                catch (PostgresException e) when (e.SqlState == DuplicateDatabase)
                {
                    // Created meanwhile (Aspire's own PostgreSQL integration creates its databases when the server is ready).
                }
            }

            await ExecuteAsync(server, $"alter database {database} owner to {role}", cancellationToken);
            await ExecuteAsync(server, $"revoke all on database {database} from public", cancellationToken);
            await ExecuteAsync(server, $"grant connect, temporary on database {database} to {role}", cancellationToken);
        }

        // Tables a superuser created before (an older data folder, DbUp's journal) become the role's, so it can migrate them.
        await using var owned = await OpenAsync(superuserConnectionString, databaseName, cancellationToken);
        await ExecuteAsync(owned, $"""
            do $$
            declare item record;
            begin
              for item in
                select n.nspname as schema_name, c.relname as relation_name
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_toast%'
                  and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
                  and c.relowner <> (select oid from pg_roles where rolname = {Literal(roleName)})
                  -- a sequence behind an identity or serial column follows its table
                  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))
              loop
                execute format('alter table %I.%I owner to %I', item.schema_name, item.relation_name, {Literal(roleName)});
              end loop;
            end $$
            """, cancellationToken);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string superuserConnectionString, string database, CancellationToken cancellationToken)
    {
        // Unpooled: a pooled connection broken by a crash of the server (57P01) would fail the next start's provisioning.
        var connectionString = new NpgsqlConnectionStringBuilder(superuserConnectionString)
        {
            Database = database,
            Pooling = false,
            Timeout = 5,
        };
        var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, string parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
