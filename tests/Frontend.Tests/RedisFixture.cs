using ReferenceApp.Testing;
using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(ReferenceApp.Frontend.Tests.RedisFixture))]

namespace ReferenceApp.Frontend.Tests;

/// <summary>One real redis-server for the assembly; every test uses its own customer ids, so tests never share a cart.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? server;

    public IConnectionMultiplexer Connection { get; private set; } = default!;

    public string ConnectionString => server!.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        server = await RedisServer.StartAsync();
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
    }

    public static string NewCustomerId() => Guid.NewGuid().ToString("N");
}
