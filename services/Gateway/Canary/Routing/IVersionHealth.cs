namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>What the gateway's health checks say of a version, for the analysis (an outcome too: a version taken out gets no traffic to judge).</summary>
public interface IVersionHealth
{
    /// <summary>True when every destination of <paramref name="version"/> is marked unhealthy by the active or the passive check.</summary>
    bool IsMarkedDown(CanaryVersion version);
}
