using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ReferenceApp.AppHost.Infrastructure;

public static class DatabaseLoginExtensions
{
    /// <summary>
    /// Declares <paramref name="databaseName"/> with its owner <paramref name="roleName"/>; when the server is ready the
    /// AppHost (as superuser, the only place it is used) creates or updates the role, makes it the owner of the database and
    /// of everything in it, and shuts everyone else out. Services reference the returned login and wait for it.
    /// </summary>
    public static IResourceBuilder<DatabaseLoginResource> AddDatabaseLogin<TServer>(
        this IResourceBuilder<TServer> server, EndpointReference endpoint, string databaseName, string roleName)
        where TServer : IResourceWithConnectionString
    {
        var builder = server.ApplicationBuilder;
        var password = builder.AddParameter($"{databaseName}-password",
                new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true)
            .WithDescription($"Password of the PostgreSQL role '{roleName}', which owns {databaseName} and nothing else. " +
                             "Generated for local runs; the AppHost sets it on the role at every start.");
        var login = new DatabaseLoginResource($"{databaseName}-login", databaseName, roleName, password.Resource, endpoint);

        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(login);
            try
            {
                var superuser = await server.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"{server.Resource.Name} has no connection string yet.");
                var secret = await login.Password.GetValueAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"{login.Password.Name} has no value.");
                await DatabaseOwnership.EnsureAsync(superuser, databaseName, roleName, secret, cancellationToken);
                logger.LogInformation("Role {Role} owns {Database}; other roles cannot connect to it.", roleName, databaseName);
                await notifications.PublishUpdateAsync(login, state => state with { State = KnownResourceStates.Running });
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // Said once, without the password: the statements that carry it are never logged.
                logger.LogError("Could not give {Database} to role {Role}: {Message}", databaseName, roleName, e.Message);
                await notifications.PublishUpdateAsync(login, state => state with { State = KnownResourceStates.FailedToStart });
            }
        });

        return builder.AddResource(login)
            .WithParentRelationship(server.Resource)
            .WithReferenceRelationship(password)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresLogin",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.role", roleName), new("postgres.database", databaseName)],
            })
            .WithIconName("PersonKey")
            .WithManifestPublishingCallback(context =>
            {
                // A plain connection string in the manifest, like AddConnectionString's; the generator makes it a Secret.
                context.Writer.WriteString("type", "value.v0");
                context.WriteConnectionString(login);
            });
    }
}
