namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>
/// Decides, before any resource is added, whether PostgreSQL and Redis run as containers or as local processes.
/// Without this, a machine with a docker client but no engine leaves every dependent resource waiting forever.
/// </summary>
public static class InfrastructureModeSelector
{
    public const string ModeSetting = "Infrastructure:Mode";
    public const string PostgresBinSetting = "Infrastructure:PostgresBinDirectory";
    public const string CacheSetting = "Infrastructure:Cache";

    public static InfrastructureDecision Decide(
        string? requestedMode, string? postgresBinSetting, bool isPublishMode, IInfrastructureHost host, string? requestedCache = null)
    {
        // The manifest describes production, where the databases are always containers.
        if (isPublishMode)
        {
            return new() { Mode = InfrastructureMode.Containers, Reason = "publish mode always declares containers" };
        }

        return (requestedMode?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "auto" => host.FindHealthyContainerRuntime() is { } runtime
                ? new() { Mode = InfrastructureMode.Containers, Reason = $"container runtime '{runtime}' answers" }
                : WithProcesses(postgresBinSetting, requestedCache, host, "no container runtime answers"),
            "containers" or "container" => WithContainers(host),
            "processes" or "process" => WithProcesses(postgresBinSetting, requestedCache, host, $"{ModeSetting} is 'processes'"),
            var other => new()
            {
                Reason = "invalid setting",
                Error = $"{ModeSetting} is '{other}'; use 'auto', 'containers' or 'processes'.",
            },
        };
    }

    private static InfrastructureDecision WithContainers(IInfrastructureHost host) =>
        host.FindHealthyContainerRuntime() is { } runtime
            ? new() { Mode = InfrastructureMode.Containers, Reason = $"{ModeSetting} is 'containers'; '{runtime}' answers" }
            : new()
            {
                Mode = InfrastructureMode.Containers,
                Reason = $"{ModeSetting} is 'containers'",
                Error = $"{ModeSetting} is 'containers', but no container runtime answers ('docker info' and 'podman info' failed). " +
                        $"Start Docker or Podman, or run PostgreSQL and Redis as local processes with {ModeSetting}=processes.",
            };

    private static InfrastructureDecision WithProcesses(string? postgresBinSetting, string? requestedCache, IInfrastructureHost host, string reason)
    {
        var postgresBin = host.FindPostgresBinDirectory(postgresBinSetting);
        var missing = new List<string>();
        if (postgresBin is null)
        {
            var where = postgresBinSetting is null ? "/usr/lib/postgresql/*/bin" : $"'{postgresBinSetting}' ({PostgresBinSetting})";
            missing.Add($"PostgreSQL server binaries (initdb, postgres) were not found in {where}: install them with 'apt-get install -y postgresql'");
        }

        // The cache never blocks a first run: without redis-server, the embedded Garnet server takes its place.
        var redisServer = host.FindExecutable("redis-server");
        CacheServer? cache = (requestedCache?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "auto" => redisServer is null ? CacheServer.Garnet : CacheServer.Redis,
            "redis" => CacheServer.Redis,
            "garnet" => CacheServer.Garnet,
            _ => null,
        };
        if (cache is null)
        {
            missing.Add($"{CacheSetting} is '{requestedCache}'; use 'auto', 'redis' or 'garnet'");
        }
        else if (cache == CacheServer.Redis && redisServer is null)
        {
            missing.Add($"{CacheSetting} is 'redis', but redis-server was not found on PATH: install it with 'apt-get install -y redis-server', " +
                        $"or use the embedded Garnet server with {CacheSetting}=garnet");
        }

        return new()
        {
            Mode = InfrastructureMode.Processes,
            Reason = $"{reason}; cache: {cache}",
            PostgresBinDirectory = postgresBin,
            RedisServerPath = cache == CacheServer.Redis ? redisServer : null,
            Cache = cache ?? CacheServer.Garnet,
            Error = missing.Count == 0
                ? null
                : $"PostgreSQL and the cache must run as local processes ({reason}), but {string.Join("; and ", missing)}. " +
                  $"Or start a container runtime and set {ModeSetting}=containers.",
        };
    }
}
