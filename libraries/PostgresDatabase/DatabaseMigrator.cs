using System.Reflection;
using DbUp;
using DbUp.Postgresql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ReferenceApp.PostgresDatabase;

/// <summary>
/// Applies a service's embedded Storage/Migrations/*.sql scripts before the app serves (hosted services start before the server).
/// A PostgreSQL advisory lock serialises replicas that start together (orders v1 and v2 share one database), so no script runs twice.
/// </summary>
internal sealed class DatabaseMigrator(NpgsqlDataSource dataSource, DatabaseMigrations migrations, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({migrations.LockKey})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var result = DeployChanges.To
                .PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
                .WithScriptsEmbeddedInAssembly(migrations.ScriptsAssembly)
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
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({migrations.LockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Where a database's scripts live, and the advisory lock every replica of its owner takes while applying them.</summary>
internal sealed record DatabaseMigrations(Assembly ScriptsAssembly, long LockKey);
