using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ReferenceApp.Identity.Storage;

/// <summary>
/// Before the app serves (hosted services start before the server): applies the EF Core migrations
/// (Storage/Migrations), then the seeders (roles, scopes, clients, development users). Replicas starting together
/// take a PostgreSQL advisory lock first, so one migrates and seeds while the others wait and then find nothing to do;
/// a restart changes nothing.
/// </summary>
internal sealed class IdentityDatabaseStartup(IServiceScopeFactory scopes, ILogger<IdentityDatabaseStartup> logger) : IHostedService
{
    // Any constant unique among the services' lock keys (the dbup-based services derive theirs from their database name).
    private const long LockKey = 0x1DE7171D;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            await using (var take = new NpgsqlCommand($"select pg_advisory_lock({LockKey})", connection))
            {
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            await db.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("Identity database migrated: {Count} new migration(s).", pending);

            foreach (var seeder in scope.ServiceProvider.GetServices<ISeeder>())
            {
                await seeder.SeedAsync(cancellationToken);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({LockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
