using System.Diagnostics;

namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>Looks at the real machine: asks container engines whether they answer and searches for binaries.</summary>
public sealed class MachineInfrastructureHost : IInfrastructureHost
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public string? FindHealthyContainerRuntime()
    {
        // Honour Aspire's own choice of runtime when it is set.
        var preferred = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME");
        string[] candidates = string.IsNullOrWhiteSpace(preferred) ? ["docker", "podman"] : [preferred];
        return candidates.FirstOrDefault(runtime => FindExecutable(runtime) is { } path && EngineAnswers(path));
    }

    public string? FindPostgresBinDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasPostgresServer(configured) ? configured : null;
        }

        const string debianRoot = "/usr/lib/postgresql";
        var versions = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot).Select(dir => Path.Combine(dir, "bin"))
            : [];
        var onPath = FindExecutable("postgres") is { } postgres ? [Path.GetDirectoryName(postgres)!] : Array.Empty<string>();

        return versions
            .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var major) ? major : 0)
            .Concat(onPath)
            .FirstOrDefault(HasPostgresServer);
    }

    public string? FindExecutable(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    private static bool HasPostgresServer(string dir) =>
        File.Exists(Path.Combine(dir, "postgres")) && File.Exists(Path.Combine(dir, "initdb"));

    private static bool EngineAnswers(string runtimePath)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtimePath, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
