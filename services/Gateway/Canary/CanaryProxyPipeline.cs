using ReferenceApp.Gateway.Canary.Routing;
using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Canary;

public static class CanaryProxyPipeline
{
    /// <summary>
    /// YARP's default pipeline (load balancing, passive health checks) wrapped in the canary's measurement and failover.
    /// Session affinity is left out on purpose: version stickiness is the canary's own cookie.
    /// </summary>
    public static void UseCanaryPipeline(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<CanaryMeasurement>();
        proxy.UseMiddleware<CanaryFailover>();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
    }
}
