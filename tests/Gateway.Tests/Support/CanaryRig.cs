using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.Routing;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Canary.Traffic;
using ReferenceApp.Gateway.Telemetry;

namespace ReferenceApp.Gateway.Tests.Support;

/// <summary>The canary's moving parts wired by hand around a fake clock and an in-memory store: what a unit test drives.</summary>
public sealed class CanaryRig : IDisposable
{
    private readonly ServiceProvider services;

    /// <param name="analysisStore">Shared by rigs that play replicas of one gateway; each rig gets its own by default.</param>
    public CanaryRig(CanaryOptions? options = null, int initialWeight = 10, InMemoryCanaryStateStore? store = null,
        InMemoryCanaryAnalysisStore? analysisStore = null)
    {
        Options = options ?? new CanaryOptions();
        Store = store ?? new InMemoryCanaryStateStore();
        services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Live = new LiveCanaryState(CanarySnapshot.FromConfiguration(initialWeight, Time.GetUtcNow()));
        MeterFactory = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        Metrics = new GatewayMetrics(MeterFactory, Live);
        var monitor = new StaticOptionsMonitor<CanaryOptions>(Options);
        Traffic = new CanaryTraffic(Microsoft.Extensions.Options.Options.Create(Options), Time);
        Coordinator = new CanaryCoordinator(Live, Store, Metrics, Time, NullLogger<CanaryCoordinator>.Instance);
        Analyzer = new CanaryAnalyzer(monitor);
        AnalysisStore = analysisStore ?? new InMemoryCanaryAnalysisStore(Time);
        Windows = new SharedWindows(Traffic, Health, AnalysisStore, monitor, Time, NullLogger<SharedWindows>.Instance);
        Autopilot = new CanaryAutopilot(Live, Windows, Analyzer, Coordinator, Metrics, monitor, Time, NullLogger<CanaryAutopilot>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public CanaryOptions Options { get; }

    public InMemoryCanaryStateStore Store { get; }

    public LiveCanaryState Live { get; }

    public GatewayMetrics Metrics { get; }

    /// <summary>This rig's own meter factory: meters it creates carry it as their scope, so listeners can tell them apart.</summary>
    public System.Diagnostics.Metrics.IMeterFactory MeterFactory { get; }

    public CanaryTraffic Traffic { get; }

    /// <summary>What the rig's "health checks" say; tests mark a version down by hand.</summary>
    public SettableVersionHealth Health { get; } = new();

    public InMemoryCanaryAnalysisStore AnalysisStore { get; }

    public SharedWindows Windows { get; }

    public CanaryCoordinator Coordinator { get; }

    public CanaryAnalyzer Analyzer { get; }

    public CanaryAutopilot Autopilot { get; }

    /// <summary>Records <paramref name="count"/> answers of <paramref name="version"/>, every <paramref name="failEvery"/>th a 503.</summary>
    public void Answer(CanaryVersion version, int count, int failEvery = 0, double latencyMs = 10)
    {
        for (var i = 1; i <= count; i++)
        {
            var status = failEvery > 0 && i % failEvery == 0 ? 503 : 200;
            Traffic.Record(version, status, TimeSpan.FromMilliseconds(latencyMs));
        }
    }

    public void Dispose() => services.Dispose();
}

/// <summary>An options monitor over a fixed instance: unit tests change the instance's properties directly.</summary>
public sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>Health as a unit test sets it: a version is down when the test says so.</summary>
public sealed class SettableVersionHealth : IVersionHealth
{
    public bool V1Down { get; set; }

    public bool V2Down { get; set; }

    public bool IsMarkedDown(CanaryVersion version) => version == CanaryVersion.V2 ? V2Down : V1Down;
}
