namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>How PostgreSQL and Redis run: as containers, or as processes from the machine's own binaries.</summary>
public enum InfrastructureMode
{
    Containers,
    Processes,
}
