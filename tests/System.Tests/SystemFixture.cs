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
            TryDelete(host.DataDirectory);
        }
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left-over temp data never fails a run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
