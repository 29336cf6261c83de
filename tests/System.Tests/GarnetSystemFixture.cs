using ReferenceApp.Testing;

namespace ReferenceApp.SystemTests;

/// <summary>
/// A second running system, on a machine without redis-server as the AppHost sees it (the cache forced to the
/// embedded Garnet server), shared by the tests that may kill its processes: the shared <see cref="SystemFixture"/>
/// stays undisturbed.
/// </summary>
public sealed class GarnetSystemFixture : IAsyncLifetime
{
    private ReferenceAppHost? host;

    public ReferenceAppHost Host => host ?? throw new InvalidOperationException("The system has not started.");

    public async ValueTask InitializeAsync() => host = await ReferenceAppHost.StartAsync(null, "--Infrastructure:Cache=garnet");

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
            RunningSystem.TryDeleteDataDirectory(host.DataDirectory);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GarnetSystemCollection : ICollectionFixture<GarnetSystemFixture>
{
    public const string Name = "A system on Garnet";
}
