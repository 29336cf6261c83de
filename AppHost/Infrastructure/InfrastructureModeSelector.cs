namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>
/// Decides, before any resource is added, whether PostgreSQL and Redis run as containers or as local processes.
/// Without this, a machine with a docker client but no engine leaves every dependent resource waiting forever.
/// </summary>
public static class InfrastructureModeSelector
{
    public const string ModeSetting = "Infrastructure:Mode";
    public const string PostgresBinSetting = "Infrastructure:PostgresBinDirectory";

    public static InfrastructureDecision Decide(string? requestedMode, string? postgresBinSetting, bool isPublishMode, IInfrastructureHost host)
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
                : WithProcesses(postgresBinSetting, host, "no container runtime answers"),
            "containers" or "container" => WithContainers(host),
            "processes" or "process" => WithProcesses(postgresBinSetting, host, $"{ModeSetting} is 'processes'"),
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

    private static InfrastructureDecision WithProcesses(string? postgresBinSetting, IInfrastructureHost host, string reason)
    {
        var postgresBin = host.FindPostgresBinDirectory(postgresBinSetting);
        var redisServer = host.FindExecutable("redis-server");
        var missing = new List<string>();
        if (postgresBin is null)
        {
            var where = postgresBinSetting is null ? "/usr/lib/postgresql/*/bin" : $"'{postgresBinSetting}' ({PostgresBinSetting})";
            missing.Add($"PostgreSQL server binaries (initdb, postgres) were not found in {where}: install them with 'apt-get install -y postgresql'");
        }

        if (redisServer is null)
        {
            missing.Add("redis-server was not found on PATH: install it with 'apt-get install -y redis-server'");
        }

        return new()
        {
            Mode = InfrastructureMode.Processes,
            Reason = reason,
            PostgresBinDirectory = postgresBin,
            RedisServerPath = redisServer,
            Error = missing.Count == 0
                ? null
                : $"PostgreSQL and Redis must run as local processes ({reason}), but {string.Join("; and ", missing)}. " +
                  $"Or start a container runtime and set {ModeSetting}=containers.",
        };
    }
}
