namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>
/// The outcome of <see cref="InfrastructureModeSelector"/>: a mode with what it needs, or one message saying what is missing.
/// </summary>
public sealed record InfrastructureDecision
{
    public InfrastructureMode Mode { get; init; }

    public required string Reason { get; init; }

    public string? PostgresBinDirectory { get; init; }

    public string? RedisServerPath { get; init; }

    /// <summary>In process mode, the server that runs the cache (Redis where installed, else the embedded Garnet).</summary>
    public CacheServer Cache { get; init; }

    /// <summary>Why the requested mode cannot run on this machine, and how to fix it. Null when it can.</summary>
    public string? Error { get; init; }

    public bool CanRun => Error is null;
}
