namespace ReferenceApp.AppHost.SelfHealing;

/// <summary>Why a resource is no longer running, read from the orchestrator's states.</summary>
public enum ExitKind
{
    /// <summary>Still starting or running, or stopping.</summary>
    None,

    /// <summary>The process ended by itself (a crash, kill -9, an exit): DCP goes straight from Running to Finished.</summary>
    OnItsOwn,

    /// <summary>
    /// Stopped on request: an operator's Stop or Restart, or the AppHost shutting down. DCP reports Stopping first, then
    /// Finished (exit code 0), or Terminated.
    /// </summary>
    Stopped,

    /// <summary>A start ended in FailedToStart (e.g. a restart while its database was still recovering): try again later.</summary>
    FailedToStart,
}

/// <summary>Follows one resource's states and tells, at each exit, whether it was asked for.</summary>
public sealed class ExitObserver
{
    private bool stopRequested;

    public ExitKind Observe(string? state)
    {
        switch (state)
        {
            case "Stopping":
                stopRequested = true;
                return ExitKind.None;
            case "Finished":
                return stopRequested ? ExitKind.Stopped : ExitKind.OnItsOwn;
            case "Terminated":
                return ExitKind.Stopped;
            case "FailedToStart":
                return ExitKind.FailedToStart;
            case "Starting" or "Running":
                stopRequested = false;
                return ExitKind.None;
            default:
                return ExitKind.None;
        }
    }
}
