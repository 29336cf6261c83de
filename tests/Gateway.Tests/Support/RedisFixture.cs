using ReferenceApp.Testing;

[assembly: AssemblyFixture(typeof(ReferenceApp.Gateway.Tests.Support.RedisFixture))]
[assembly: AssemblyFixture(typeof(ReferenceApp.Gateway.Tests.Support.GarnetFixture))]

namespace ReferenceApp.Gateway.Tests.Support;

/// <summary>One real cache server for the whole test assembly; every gateway under test uses its own state key in it.</summary>
public abstract class CacheFixture : IAsyncLifetime
{
    private ICacheServer? server;

    public string ConnectionString => server?.ConnectionString ?? throw new InvalidOperationException("The cache has not started.");

    public async ValueTask InitializeAsync() => server = await StartServerAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

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
