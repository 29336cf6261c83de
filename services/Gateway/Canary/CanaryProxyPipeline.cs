using ReferenceApp.Gateway.Canary.Routing;
using ReferenceApp.Gateway.Canary.Traffic;
using ReferenceApp.Gateway.Forwarding;

namespace ReferenceApp.Gateway.Canary;

public static class CanaryProxyPipeline
{
    /// <summary>
    /// YARP's default pipeline (load balancing, passive health checks) wrapped in the canary's measurement, problems for
    /// requests that could not be forwarded, and the failover to the other version.
    /// Session affinity is left out on purpose: version stickiness is the canary's own cookie.
    /// </summary>
    public static void UseCanaryPipeline(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<CanaryMeasurement>();
        proxy.UseMiddleware<ProxyErrorProblems>();
        proxy.UseMiddleware<CanaryFailover>();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
    }
}
