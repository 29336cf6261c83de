namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>What the mode decision needs to know about the machine; faked in tests.</summary>
public interface IInfrastructureHost
{
    /// <summary>The name of a container runtime whose engine answers (docker or podman), or null.</summary>
    string? FindHealthyContainerRuntime();

    /// <summary>The folder holding PostgreSQL's initdb and postgres, or null.</summary>
    string? FindPostgresBinDirectory(string? configured);

    /// <summary>The full path of an executable on PATH, or null.</summary>
    string? FindExecutable(string name);
}
