using System.Reflection;

namespace ReferenceApp.Architecture.Tests;

/// <summary>Inside each service, folders import each other one way (issue 18): a new folder-level cycle fails the build's tests.</summary>
public sealed class FolderCycleTests
{
    /// <summary>The services' assemblies and their root namespaces (referenced by this project, so loadable by name).</summary>
    public static TheoryData<string, string> Services => new()
    {
        { "Orders", "ReferenceApp.Orders" },
        { "Payments", "ReferenceApp.Payments" },
        { "Gateway", "ReferenceApp.Gateway" },
        { "Frontend", "ReferenceApp.Frontend" },
        { "TrafficGenerator", "ReferenceApp.TrafficGenerator" },
        { "Identity", "ReferenceApp.Identity" },
    };

    /// <summary>
    /// Cycles that exist today and are still to be removed (issue 18, items 1 and 3). The list may only shrink: a cycle that
    /// no longer exists, or exists with other folders, fails <see cref="Every_known_cycle_still_exists_as_listed"/>, so fixing one
    /// means deleting its line here. Never add a line.
    /// </summary>
    public static readonly IReadOnlyList<string> KnownCycles =
    [
        // Canary.Routing.CanaryFailover uses Traffic.CanaryTraffic; Traffic.CanaryMeasurement uses Routing.CanaryDestinations.
        "ReferenceApp.Gateway.Canary: Routing, Traffic",
    ];

    [Theory]
    [MemberData(nameof(Services))]
    public void No_folder_imports_another_in_a_loop(string assemblyName, string rootNamespace)
    {
        var unexpected = FolderCycles.In(Assembly.Load(assemblyName), rootNamespace).Where(c => !KnownCycles.Contains(c.Name)).ToList();

        Assert.True(unexpected.Count == 0, "Folder import cycles:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));
    }

    [Fact]
    public void Every_known_cycle_still_exists_as_listed()
    {
        var found = Services.Select(s => (string)s.Data.Item1).Zip(Services.Select(s => (string)s.Data.Item2))
            .SelectMany(s => FolderCycles.In(Assembly.Load(s.First), s.Second)).Select(c => c.Name).ToHashSet();

        Assert.All(KnownCycles, known => Assert.True(found.Contains(known),
            $"'{known}' is no longer a cycle (found: {string.Join(" | ", found)}): delete it from KnownCycles, or list what remains if it shrank."));
    }

    [Fact]
    public void The_detector_sees_a_cycle_made_only_of_a_field_and_a_method_body()
    {
        var cycles = FolderCycles.In(typeof(FolderCycleTests).Assembly, "ReferenceApp.Architecture.Tests.Sample");

        var cycle = Assert.Single(cycles);
        Assert.Equal("ReferenceApp.Architecture.Tests.Sample: Billing, Shipping", cycle.Name);
        Assert.Equal(2, cycle.Evidence.Count);
    }
}
