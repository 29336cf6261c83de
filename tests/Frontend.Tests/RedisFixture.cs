using ReferenceApp.Testing;
using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(ReferenceApp.Frontend.Tests.RedisFixture))]
[assembly: AssemblyFixture(typeof(ReferenceApp.Frontend.Tests.GarnetFixture))]

namespace ReferenceApp.Frontend.Tests;

/// <summary>One real cache server for the assembly; every test uses its own customer ids, so tests never share a cart.</summary>
public abstract class CacheFixture : IAsyncLifetime
{
    private ICacheServer? server;

    public IConnectionMultiplexer Connection { get; private set; } = default!;

    public string ConnectionString => server!.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        server = await StartServerAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public static string NewCustomerId() => Guid.NewGuid().ToString("N");

    protected abstract Task<ICacheServer> StartServerAsync();
}

/// <summary>The machine's redis-server, as in containers, Kubernetes and process mode where it is installed.</summary>
public sealed class RedisFixture : CacheFixture
{
    protected override async Task<ICacheServer> StartServerAsync() => await RedisServer.StartAsync();
}

/// <summary>The embedded Garnet server the AppHost runs where redis-server is missing.</summary>
public sealed class GarnetFixture : CacheFixture
{
    protected override async Task<ICacheServer> StartServerAsync() => await GarnetServer.StartAsync();
}
