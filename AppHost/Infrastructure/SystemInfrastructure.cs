using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>
/// The databases and cache the services reference, whichever way they run. A database is reached through its owner's
/// login (<see cref="DatabaseLoginResource"/>); reference it under the database's name (<see cref="OrdersDatabaseName"/>).
/// </summary>
public sealed record SystemInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> OrdersDatabase,
    IResourceBuilder<IResourceWithConnectionString> PaymentsDatabase,
    IResourceBuilder<IResourceWithConnectionString> IdentityDatabase,
    IResourceBuilder<IResourceWithConnectionString> Cache);

public static class SystemInfrastructureExtensions
{
    public const string DataDirectorySetting = "Infrastructure:DataDirectory";
    public const string OrdersDatabaseName = "ordersdb";
    public const string PaymentsDatabaseName = "paymentsdb";
    public const string IdentityDatabaseName = "identitydb";

    public static InfrastructureDecision DecideInfrastructureMode(this IDistributedApplicationBuilder builder, IInfrastructureHost? host = null) =>
        InfrastructureModeSelector.Decide(
            builder.Configuration[InfrastructureModeSelector.ModeSetting],
            builder.Configuration[InfrastructureModeSelector.PostgresBinSetting],
            builder.ExecutionContext.IsPublishMode,
            host ?? new MachineInfrastructureHost(),
            builder.Configuration[InfrastructureModeSelector.CacheSetting]);

    public static SystemInfrastructure AddSystemInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureDecision decision)
    {
        if (decision.Mode == InfrastructureMode.Containers)
        {
            var postgres = builder.AddPostgres("postgres").WithDataVolume();
            var cache = builder.AddRedis("cache").WithDataVolume();
            return WithServiceDatabases(postgres, postgres.Resource.PrimaryEndpoint, name => postgres.AddDatabase(name), cache);
        }

        // Data lives in a git-ignored folder beside the sources, so a second run finds the first run's data.
        var dataDirectory = builder.DataDirectory();
        var localPostgres = builder.AddLocalPostgres("postgres", decision.PostgresBinDirectory!, Path.Combine(dataDirectory, "postgres"));
        IResourceBuilder<IResourceWithConnectionString> localCache = decision.Cache == CacheServer.Redis
            ? builder.AddLocalRedis("cache", decision.RedisServerPath!, Path.Combine(dataDirectory, "redis"))
            : builder.AddLocalGarnet("cache", Path.Combine(dataDirectory, "garnet"));
        return WithServiceDatabases(localPostgres, localPostgres.Resource.PrimaryEndpoint, name => localPostgres.AddDatabase(name), localCache);
    }

    /// <summary>A database per service on <paramref name="server"/>, each reached through the login of the role that owns it.</summary>
    private static SystemInfrastructure WithServiceDatabases<TServer>(
        IResourceBuilder<TServer> server, EndpointReference endpoint, Action<string> addDatabase, IResourceBuilder<IResourceWithConnectionString> cache)
        where TServer : IResourceWithConnectionString
    {
        IResourceBuilder<IResourceWithConnectionString> Owned(string database, string role)
        {
            addDatabase(database);
            return server.AddDatabaseLogin(endpoint, database, role);
        }

        return new(Owned(OrdersDatabaseName, "orders"), Owned(PaymentsDatabaseName, "payments"), Owned(IdentityDatabaseName, "identity"), cache);
    }

    /// <summary>The git-ignored folder of local runs' data (Infrastructure:DataDirectory, default .data beside the sources).</summary>
    public static string DataDirectory(this IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration[DataDirectorySetting] ?? Path.Combine(builder.AppHostDirectory, "..", ".data"));
}
