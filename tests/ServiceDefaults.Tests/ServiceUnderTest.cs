using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Console.SetOut is process-wide: one service at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ReferenceApp.ServiceDefaults.Tests;

/// <summary>
/// A minimal service with AddServiceDefaults() on a real Kestrel port, in the Production environment (JSON console logs),
/// its console captured. Everything it writes is in <see cref="ConsoleText"/> once it is disposed (the logger drains then).
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    public static readonly ActivitySource Source = new("ReferenceApp.ServiceDefaults.Tests");

    private readonly WebApplication app;
    private readonly StringWriter console = new();
    private readonly TextWriter originalOut = Console.Out;
    private bool stopped;

    private ServiceUnderTest(Action<WebApplication> map, IReadOnlyDictionary<string, string?>? settings)
    {
        // Before the builder: the console logger takes Console.Out when it is created.
        Console.SetOut(TextWriter.Synchronized(console));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ApplicationName = "servicedefaults-tests" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        app = builder.Build();
        app.MapDefaultEndpoints();
        map(app);
    }

    public IServiceProvider Services => app.Services;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<ServiceUnderTest> StartAsync(Action<WebApplication> map, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var service = new ServiceUnderTest(map, settings);
        await service.app.StartAsync(TestContext.Current.CancellationToken);
        var address = service.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.Client = new HttpClient { BaseAddress = new Uri(address) };
        return service;
    }

    /// <summary>Stops the service (draining the console logger) and returns every line it wrote.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await DisposeAsync();
        return console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public async ValueTask DisposeAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        Client?.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Console.SetOut(originalOut);
    }
}
