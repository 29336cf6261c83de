using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>
/// Microsoft Garnet (dev/GarnetCache), a Redis-compatible server written in .NET, for machines without redis-server:
/// the AppHost builds it, so a first run needs nothing installed for the cache.
/// </summary>
public sealed class LocalGarnetResource(string name, string workingDirectory)
    : ExecutableResource(name, "dotnet", workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}

public static class LocalGarnetExtensions
{
    /// <summary>
    /// Garnet's options. Lua for the cart's scripts; an append-only file committed on every write, recovered at start,
    /// so data survives restarts and kill -9 like redis-server's AOF; the managed file device, because Garnet's native
    /// one needs libaio; memory sized for a cart and the canary state (Garnet's defaults reserve gigabytes).
    /// </summary>
    internal static readonly string[] ServerOptions =
    [
        "--bind", "127.0.0.1", "--lua", "--aof", "--recover", "--device-type", "RandomAccess",
        "--memory", "64m", "--page", "1m", "--index", "16m", "--aof-memory", "8m", "--aof-page-size", "2m",
        "--readcache-memory", "8m", "--readcache-page", "1m",
    ];

    public static IResourceBuilder<LocalGarnetResource> AddLocalGarnet(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory)
    {
        var server = BuiltProjectLaunch.OutputAssembly(new Projects.GarnetCache().ProjectPath)
            ?? throw new InvalidOperationException("dev/GarnetCache has not been built: build the AppHost (dotnet build AppHost).");
        Directory.CreateDirectory(dataDirectory);
        var garnet = new LocalGarnetResource(name, dataDirectory);
        var healthCheckKey = $"{name}_ready";
        builder.Services.AddHealthChecks().AddRespPingCheck(healthCheckKey, garnet.PrimaryEndpoint);

        return builder.AddResource(garnet)
            .WithEndpoint(name: LocalGarnetResource.EndpointName, scheme: "tcp", env: "GARNET_PORT", isProxied: LocalEndpoints.Proxied)
            .WithArgs(context =>
            {
                context.Args.Add(server);
                context.Args.Add("--port");
                context.Args.Add(garnet.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--checkpointdir");
                context.Args.Add(dataDirectory);
                foreach (var option in ServerOptions)
                {
                    context.Args.Add(option);
                }
            })
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Memory");
    }
}
