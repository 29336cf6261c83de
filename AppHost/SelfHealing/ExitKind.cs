namespace ReferenceApp.AppHost.SelfHealing;

/// <summary>Why a resource is no longer running, read from the orchestrator's state.</summary>
public enum ExitKind
{
    /// <summary>Still starting or running.</summary>
    None,

    /// <summary>The process ended by itself (a crash, kill -9, an exit): DCP reports it Finished.</summary>
    OnItsOwn,

    /// <summary>Stopped by the orchestrator: an operator's Stop or Restart, or the AppHost shutting down (Terminated).</summary>
    Stopped,
}

public static class ExitKinds
{
    public static ExitKind Of(string? state) => state switch
    {
        "Finished" => ExitKind.OnItsOwn,
        "Terminated" => ExitKind.Stopped,
        _ => ExitKind.None,
    };
}
