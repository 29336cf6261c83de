using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace ReferenceApp.Testing;

/// <summary>What a test assembly's running system is started with (see <see cref="RunningSystem.StartAsync"/>).</summary>
/// <param name="DataDirectory">The process-mode data folder, its own for this system (<see cref="RunningSystem.NewDataDirectory"/>).</param>
/// <param name="AdminKey">The gateway-admin-key parameter, known to the tests.</param>
/// <param name="StorefrontSecret">The identity-storefront-secret parameter, known to the tests.</param>
/// <param name="Healthy">The resources waited for, healthy, before the system counts as started.</param>
/// <param name="Timeout">How long the start and that wait may take together.</param>
internal sealed record SystemStart(string DataDirectory, string AdminKey, string StorefrontSecret, IReadOnlyList<string> Healthy, TimeSpan Timeout)
{
    /// <summary>More AppHost arguments, after the common ones (so they win over them).</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Changes to the AppHost's model before it is built (environment for a resource, say).</summary>
    public Action<IDistributedApplicationTestingBuilder>? Configure { get; init; }
}

/// <summary>
/// The one start-up of the real AppHost for whole-system tests (System.Tests and Browser.Tests link this file): process
/// mode (PostgreSQL and the cache as local processes), its own data folder, orchestrator-chosen ports and no dashboard,
/// so it never collides with a developer's run or another test assembly.
/// </summary>
internal static class RunningSystem
{
    /// <summary>A data folder of its own under the temp folder, named with <paramref name="prefix"/>.</summary>
    public static string NewDataDirectory(string prefix) => Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    public static async Task<DistributedApplication> StartAsync(SystemStart start)
    {
        string[] args =
        [
            "--Infrastructure:Mode=processes",
            $"--Infrastructure:DataDirectory={start.DataDirectory}",
            "--LocalUrls:FrontendPort=0",
            "--LocalUrls:GatewayPort=0",
            $"--Parameters:gateway-admin-key={start.AdminKey}",
            $"--Parameters:identity-storefront-secret={start.StorefrontSecret}",
            .. start.ExtraArgs,
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args,
            (options, _) => options.DisableDashboard = true);
        start.Configure?.Invoke(builder);

        var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(start.Timeout);
        await app.StartAsync(timeout.Token);
        await Task.WhenAll(start.Healthy.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
        return app;
    }

    public static async Task StopAsync(DistributedApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Deletes a system's data folder once it has stopped; left-over temp data never fails a run.</summary>
    public static void TryDeleteDataDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind in the temp folder.
        }
    }
}
