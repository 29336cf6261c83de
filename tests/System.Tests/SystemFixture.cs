using ReferenceApp.Testing;

[assembly: AssemblyFixture(typeof(ReferenceApp.SystemTests.SystemFixture))]
// The fixture's AppHost already keeps both cores busy; tests that start their own must not run beside it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ReferenceApp.SystemTests;

/// <summary>One running system shared by every test of this assembly.</summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private ReferenceAppHost? host;

    public ReferenceAppHost Host => host ?? throw new InvalidOperationException("The system has not started.");

    public async ValueTask InitializeAsync() => host = await ReferenceAppHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
            RunningSystem.TryDeleteDataDirectory(host.DataDirectory);
        }
    }
}
