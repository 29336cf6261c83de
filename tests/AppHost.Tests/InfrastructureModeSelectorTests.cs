using ReferenceApp.AppHost.Infrastructure;

namespace ReferenceApp.AppHost.Tests;

public class InfrastructureModeSelectorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("AUTO")]
    public void Auto_uses_containers_when_a_runtime_answers(string? setting)
    {
        var decision = InfrastructureModeSelector.Decide(setting, null, isPublishMode: false, new FakeInfrastructureHost { HealthyRuntime = "docker" });

        Assert.True(decision.CanRun);
        Assert.Equal(InfrastructureMode.Containers, decision.Mode);
        Assert.Contains("docker", decision.Reason);
    }

    [Fact]
    public void Auto_uses_processes_when_no_runtime_answers()
    {
        var decision = InfrastructureModeSelector.Decide("auto", null, isPublishMode: false, new FakeInfrastructureHost());

        Assert.True(decision.CanRun);
        Assert.Equal(InfrastructureMode.Processes, decision.Mode);
        Assert.Equal("/usr/lib/postgresql/15/bin", decision.PostgresBinDirectory);
        Assert.Equal("/usr/bin/redis-server", decision.RedisServerPath);
    }

    [Fact]
    public void Forced_processes_does_not_probe_the_container_runtime()
    {
        var host = new FakeInfrastructureHost { HealthyRuntime = "docker" };

        var decision = InfrastructureModeSelector.Decide("processes", null, isPublishMode: false, host);

        Assert.Equal(InfrastructureMode.Processes, decision.Mode);
        Assert.True(decision.CanRun);
        Assert.Equal(0, host.RuntimeProbes);
    }

    [Fact]
    public void Forced_containers_with_a_runtime_uses_containers()
    {
        var decision = InfrastructureModeSelector.Decide("containers", null, isPublishMode: false, new FakeInfrastructureHost { HealthyRuntime = "podman" });

        Assert.True(decision.CanRun);
        Assert.Equal(InfrastructureMode.Containers, decision.Mode);
    }

    [Fact]
    public void Forced_containers_without_a_runtime_fails_with_a_fix()
    {
        var decision = InfrastructureModeSelector.Decide("containers", null, isPublishMode: false, new FakeInfrastructureHost());

        Assert.False(decision.CanRun);
        Assert.Contains("no container runtime answers", decision.Error);
        Assert.Contains("Infrastructure:Mode=processes", decision.Error);
    }

    [Fact]
    public void Missing_postgres_binaries_are_named_with_the_install_command()
    {
        var decision = InfrastructureModeSelector.Decide("auto", null, isPublishMode: false, new FakeInfrastructureHost { PostgresBin = null });

        Assert.False(decision.CanRun);
        Assert.Contains("PostgreSQL server binaries", decision.Error);
        Assert.Contains("apt-get install -y postgresql", decision.Error);
        Assert.DoesNotContain("redis-server was not found", decision.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("auto")]
    [InlineData("processes")]
    public void Without_redis_server_the_cache_is_the_embedded_Garnet(string? mode)
    {
        var decision = InfrastructureModeSelector.Decide(mode, null, isPublishMode: false, new FakeInfrastructureHost { RedisServer = null });

        Assert.True(decision.CanRun, decision.Error);
        Assert.Equal(InfrastructureMode.Processes, decision.Mode);
        Assert.Equal(CacheServer.Garnet, decision.Cache);
        Assert.Null(decision.RedisServerPath);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("auto")]
    [InlineData("Redis")]
    public void With_redis_server_installed_the_cache_is_redis(string? cache)
    {
        var decision = InfrastructureModeSelector.Decide("processes", null, isPublishMode: false, new FakeInfrastructureHost(), cache);

        Assert.True(decision.CanRun, decision.Error);
        Assert.Equal(CacheServer.Redis, decision.Cache);
        Assert.Equal("/usr/bin/redis-server", decision.RedisServerPath);
    }

    [Fact]
    public void Garnet_can_be_forced_where_redis_server_is_installed()
    {
        var decision = InfrastructureModeSelector.Decide("processes", null, isPublishMode: false, new FakeInfrastructureHost(), "garnet");

        Assert.True(decision.CanRun, decision.Error);
        Assert.Equal(CacheServer.Garnet, decision.Cache);
    }

    [Fact]
    public void Forcing_redis_without_redis_server_names_the_install_command_and_the_alternative()
    {
        var decision = InfrastructureModeSelector.Decide("processes", null, isPublishMode: false,
            new FakeInfrastructureHost { RedisServer = null }, "redis");

        Assert.False(decision.CanRun);
        Assert.Contains("redis-server was not found", decision.Error);
        Assert.Contains("apt-get install -y redis-server", decision.Error);
        Assert.Contains("Infrastructure:Cache=garnet", decision.Error);
    }

    [Fact]
    public void An_unknown_cache_is_an_error_that_lists_the_valid_ones()
    {
        var decision = InfrastructureModeSelector.Decide("processes", null, isPublishMode: false, new FakeInfrastructureHost(), "memcached");

        Assert.False(decision.CanRun);
        Assert.Contains("'auto', 'redis' or 'garnet'", decision.Error);
    }

    [Fact]
    public void Missing_postgres_is_still_an_error_when_the_cache_can_be_embedded()
    {
        var decision = InfrastructureModeSelector.Decide("processes", null, isPublishMode: false,
            new FakeInfrastructureHost { RedisServer = null, PostgresBin = null });

        Assert.False(decision.CanRun);
        Assert.Contains("PostgreSQL server binaries", decision.Error);
        Assert.Contains("apt-get install -y postgresql", decision.Error);
        Assert.DoesNotContain("redis-server", decision.Error);
    }

    [Fact]
    public void A_configured_postgres_folder_is_named_when_it_is_missing()
    {
        var host = new MissingConfiguredPostgres();

        var decision = InfrastructureModeSelector.Decide("processes", "/opt/pg/bin", isPublishMode: false, host);

        Assert.False(decision.CanRun);
        Assert.Contains("/opt/pg/bin", decision.Error);
    }

    [Theory]
    [InlineData("processes")]
    [InlineData("auto")]
    public void Publish_mode_always_declares_containers(string setting)
    {
        var host = new FakeInfrastructureHost { PostgresBin = null, RedisServer = null };

        var decision = InfrastructureModeSelector.Decide(setting, null, isPublishMode: true, host);

        Assert.True(decision.CanRun);
        Assert.Equal(InfrastructureMode.Containers, decision.Mode);
        Assert.Equal(0, host.RuntimeProbes);
    }

    [Fact]
    public void An_unknown_mode_is_an_error_that_lists_the_valid_ones()
    {
        var decision = InfrastructureModeSelector.Decide("kubernetes", null, isPublishMode: false, new FakeInfrastructureHost());

        Assert.False(decision.CanRun);
        Assert.Contains("'auto', 'containers' or 'processes'", decision.Error);
    }

    private sealed class MissingConfiguredPostgres : IInfrastructureHost
    {
        public string? FindHealthyContainerRuntime() => null;

        public string? FindPostgresBinDirectory(string? configured) => null;

        public string? FindExecutable(string name) => "/usr/bin/" + name;
    }
}
