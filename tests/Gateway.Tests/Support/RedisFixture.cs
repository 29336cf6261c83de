using ReferenceApp.Testing;

[assembly: AssemblyFixture(typeof(ReferenceApp.Gateway.Tests.Support.RedisFixture))]

namespace ReferenceApp.Gateway.Tests.Support;

/// <summary>One real Redis for the whole test assembly; every gateway under test uses its own state key in it.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? server;

    public string ConnectionString => server?.ConnectionString ?? throw new InvalidOperationException("Redis has not started.");

    public async ValueTask InitializeAsync() => server = await RedisServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
