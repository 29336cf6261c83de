namespace ReferenceApp.Gateway.Canary.State;

/// <summary>The one rule every store applies before replacing the shared decision (docs/gateway.md, "Without Redis").</summary>
public static class CanaryVersioning
{
    /// <summary>
    /// A decision replaces the stored one when it is newer; two decisions made on the same predecessor (same version) by
    /// replicas that could not see each other resolve in favour of the rollback, the safe side.
    /// </summary>
    public static bool Replaces(CanarySnapshot incoming, CanarySnapshot? stored) =>
        stored is null
        || incoming.Version > stored.Version
        || (incoming.Version == stored.Version && incoming.State == CanaryState.RolledBack && stored.State != CanaryState.RolledBack);
}
