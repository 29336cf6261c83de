using Aspire.Hosting.ApplicationModel;

namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>
/// A service's own login to its database: a PostgreSQL role that owns that database and nothing else, with a generated
/// secret password. Its connection string is built from the server's host and port, so it reads the same in process
/// mode, container mode and the manifest; the superuser's credentials never reach a service.
/// </summary>
public sealed class DatabaseLoginResource(string name, string databaseName, string roleName, ParameterResource password, EndpointReference server)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public string DatabaseName { get; } = databaseName;

    public string RoleName { get; } = roleName;

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={server.Property(EndpointProperty.Host)};Port={server.Property(EndpointProperty.Port)};Username={RoleName};Password={Password};Database={DatabaseName}");
}
