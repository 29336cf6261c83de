using DbUp;
using DbUp.Postgresql;
using Npgsql;

namespace ReferenceApp.Orders.Hosting;

/// <summary>
/// Applies the embedded Storage/Migrations/*.sql scripts before the app serves (hosted services start before the server).
/// A PostgreSQL advisory lock serialises replicas that start together, so they cannot apply a script twice.
/// </summary>
internal sealed class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger) : IHostedService
{
    // Any constant unique to this database's migrations; both replicas must use the same one.
    private const long MigrationLockKey = 0x6f7264657273; // "orders"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({MigrationLockKey})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var result = DeployChanges.To
                .PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
                .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly)
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build()
                .PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
            }

            logger.LogInformation("Database migrated: {Count} new script(s).", result.Scripts.Count());
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({MigrationLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
