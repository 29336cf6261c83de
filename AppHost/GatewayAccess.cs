namespace ReferenceApp.AppHost;

/// <summary>
/// The gateway's access settings that differ between a local run and production (docs/gateway.md, throttling and
/// break-glass). Only in run mode: the Kubernetes output keeps the gateway's own defaults (break-glass off, public limits).
/// </summary>
public static class GatewayAccess
{
    /// <summary>Per user (or address) and window: far above what the system tests, benchmarks and traffic generator send.</summary>
    public const int LocalPermitLimit = 1_000_000;

    public static IResourceBuilder<ProjectResource> WithLocalGatewayAccess(this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return gateway;
        }

        // The dashboard's canary commands and the storefront's Operations page still use the admin key locally.
        gateway.WithEnvironment("Gateway__AdminKeyBreakGlass", "true");
        // The public limits would throttle one benchmark client or the traffic generator (one subject for all its
        // shoppers); locally they are lifted unless set explicitly (e.g. --Gateway:RateLimits:OrderPlacement:PermitLimit=10).
        foreach (var policy in new[] { "OrderPlacement", "Reads", "Admin" })
        {
            var limit = builder.Configuration[$"Gateway:RateLimits:{policy}:PermitLimit"] ?? LocalPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            gateway.WithEnvironment($"Gateway__RateLimits__{policy}__PermitLimit", limit);
        }

        return gateway;
    }
}
