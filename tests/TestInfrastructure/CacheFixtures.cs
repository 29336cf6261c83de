using StackExchange.Redis;

namespace ReferenceApp.Testing;

/// <summary>
/// One real cache server for a whole test assembly (<c>[assembly: AssemblyFixture(typeof(RedisFixture))]</c>); tests keep
/// apart by their own keys (customer ids, state keys), never by a server each.
/// </summary>
public abstract class CacheFixture : IAsyncLifetime
{
    private ICacheServer? server;
    private IConnectionMultiplexer? connection;

    public string ConnectionString => server?.ConnectionString ?? throw new InvalidOperationException("The cache has not started.");

    public IConnectionMultiplexer Connection => connection ?? throw new InvalidOperationException("The cache has not started.");

    public async ValueTask InitializeAsync()
    {
        server = await StartServerAsync(TestContext.Current.CancellationToken);
        connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A customer id no other test uses, so tests never share a cart.</summary>
    public static string NewCustomerId() => Guid.NewGuid().ToString("N");

    protected abstract Task<ICacheServer> StartServerAsync(CancellationToken cancellationToken);
}

/// <summary>The machine's redis-server, as in containers, Kubernetes and process mode where it is installed.</summary>
public sealed class RedisFixture : CacheFixture
{
    protected override async Task<ICacheServer> StartServerAsync(CancellationToken cancellationToken) =>
        await RedisServer.StartAsync(cancellationToken);
}

/// <summary>The embedded Garnet server the AppHost runs where redis-server is missing.</summary>
public sealed class GarnetFixture : CacheFixture
{
    protected override async Task<ICacheServer> StartServerAsync(CancellationToken cancellationToken) =>
        await GarnetServer.StartAsync(cancellationToken);
}
