using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>A PostgreSQL server run from the machine's binaries by <c>run-postgres.sh</c>.</summary>
public sealed class LocalPostgresResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres");

    public List<LocalPostgresDatabaseResource> Databases { get; } = [];
}

/// <summary>A database on a <see cref="LocalPostgresResource"/>, created when the server is ready.</summary>
public sealed class LocalPostgresDatabaseResource(string name, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;

    public string DatabaseName => Name;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

public static class LocalPostgresExtensions
{
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string binDirectory, string dataDirectory)
    {
        var script = Path.Combine(builder.AppHostDirectory, "Infrastructure", "run-postgres.sh");
        var server = new LocalPostgresResource(name, "bash", builder.AppHostDirectory);
        var healthCheckKey = $"{name}_ready";

        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, async cancellationToken =>
        {
            try
            {
                await using var connection = await OpenAsync(server, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        });

        // Databases are created once the server answers, then reported as running so WaitFor on them means "usable".
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            await using var connection = await OpenAsync(server, cancellationToken);
            foreach (var database in server.Databases)
            {
                await CreateDatabaseIfMissingAsync(connection, database.DatabaseName, cancellationToken);
                await notifications.PublishUpdateAsync(database, state => state with { State = KnownResourceStates.Running });
            }
        });

        // Without this, a server that fails to start leaves its databases "Waiting" and every service waiting on them forever.
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var stopping = @event.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
            _ = Task.Run(async () =>
            {
                await notifications.WaitForResourceAsync(server.Name, KnownResourceStates.TerminalStates, stopping);
                foreach (var database in server.Databases)
                {
                    await notifications.PublishUpdateAsync(database, state => state.State?.Text == KnownResourceStates.Running
                        ? state
                        : state with { State = KnownResourceStates.FailedToStart });
                }
            }, stopping);
            return Task.CompletedTask;
        });

        return builder.AddResource(server)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", env: "PGPORT", isProxied: LocalEndpoints.Proxied)
            .WithArgs(script, dataDirectory, binDirectory)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("DatabaseStack");
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresResource> server, string name)
    {
        var database = new LocalPostgresDatabaseResource(name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .WithIconName("Database");
    }

    private static async Task<NpgsqlConnection> OpenAsync(LocalPostgresResource server, CancellationToken cancellationToken)
    {
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"{server.Name} has no connection string yet.");
        // Unpooled: a pooled connection broken by a crash of the server (57P01) would fail the next check or database creation.
        var connection = new NpgsqlConnection(connectionString + ";Database=postgres;Timeout=3;Pooling=false");
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task CreateDatabaseIfMissingAsync(NpgsqlConnection connection, string databaseName, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
        exists.Parameters.AddWithValue(databaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        // CREATE DATABASE takes no parameters; the name is quoted as an identifier.
        var quoted = "\"" + databaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand($"create database {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == DatabaseOwnership.DuplicateDatabase)
        {
            // Created meanwhile by its owner's login (DatabaseLoginExtensions), which runs on the same ready event.
        }
    }
}
