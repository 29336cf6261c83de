using ReferenceApp.AppHost.Infrastructure;

namespace ReferenceApp.AppHost.Tests;

/// <summary>The real probe on this machine: no Docker engine, PostgreSQL 15 binaries and redis-server installed.</summary>
public class MachineInfrastructureHostTests
{
    private readonly MachineInfrastructureHost host = new();

    [Fact]
    public void Finds_the_machines_postgres_binaries()
    {
        var bin = host.FindPostgresBinDirectory(configured: null);

        Assert.NotNull(bin);
        Assert.True(File.Exists(Path.Combine(bin, "initdb")));
    }

    [Fact]
    public void A_configured_folder_without_postgres_is_not_accepted()
    {
        Assert.Null(host.FindPostgresBinDirectory(Path.GetTempPath()));
    }

    [Fact]
    public void Finds_executables_on_the_path_and_not_invented_ones()
    {
        Assert.NotNull(host.FindExecutable("sh"));
        Assert.Null(host.FindExecutable("no-such-binary-" + Guid.NewGuid().ToString("N")));
    }
}
