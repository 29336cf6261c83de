using ReferenceApp.AppHost.Infrastructure;

namespace ReferenceApp.AppHost.Tests;

/// <summary>A machine described by its answers: which runtime answers, where PostgreSQL and redis-server are.</summary>
internal sealed class FakeInfrastructureHost : IInfrastructureHost
{
    public string? HealthyRuntime { get; init; }

    public string? PostgresBin { get; init; } = "/usr/lib/postgresql/15/bin";

    public string? RedisServer { get; init; } = "/usr/bin/redis-server";

    public int RuntimeProbes { get; private set; }

    public string? FindHealthyContainerRuntime()
    {
        RuntimeProbes++;
        return HealthyRuntime;
    }

    public string? FindPostgresBinDirectory(string? configured) => configured ?? PostgresBin;

    public string? FindExecutable(string name) => name == "redis-server" ? RedisServer : null;
}
