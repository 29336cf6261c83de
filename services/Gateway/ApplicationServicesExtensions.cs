using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Apis;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.Routing;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Canary.Traffic;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Forwarding;
using ReferenceApp.Gateway.Ingress;
using ReferenceApp.Gateway.Operators;
using ReferenceApp.Gateway.Telemetry;
using ReferenceApp.Gateway.Throttling;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Transforms;

namespace ReferenceApp.Gateway;

public static class ApplicationServicesExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Redis only shares canary decisions; without it a replica routes by its last known weights. So Redis is not
        // part of /health: a Redis outage must not take every gateway replica out of service.
        builder.AddRedisClient("cache", redis => redis.DisableHealthChecks = true);
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            // The admin key proves an operator's X-Canary to the gateway; the services behind it must never see it.
            .AddTransforms(transforms => transforms.AddRequestHeaderRemove(AdminCredential.HeaderName));

        // Access tokens are validated here and again by each service behind (docs/identity.md); the routes name the
        // policies (appsettings.json ReverseProxy:Routes:*:AuthorizationPolicy), so YARP forwards only what they admit,
        // with the Authorization header as it came.
        builder.AddReferenceAppAuthentication();
        builder.Services.AddAdminAuthorization();
        builder.Services.AddGatewayRateLimits();
        builder.Services.AddGatewayForwardedHeaders();

        builder.Services.AddValidatedOptions<GatewayOptions, GatewayOptionsValidator>(GatewayOptions.SectionName);
        builder.Services.AddValidatedOptions<CanaryOptions, CanaryOptionsValidator>(CanaryOptions.SectionName);

        builder.Services.AddValidatedOptions<ForwardingOptions, ForwardingOptionsValidator>(ForwardingOptions.SectionName);
        builder.Services.AddSingleton<IForwarderHttpClientFactory, TimeoutForwarderHttpClientFactory>();

        // Passive health backs up the active checks between probes: three failed attempts in a row take a destination out.
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, ConsecutiveTransportFailuresPolicy>();

        // Admin bodies (and proxied ones) are capped at 64 KiB like every service's: 413 problem, never read further.
        builder.Services.AddBadRequestProblems();

        builder.Services.AddCanary();
    }

    private static void AddCanary(this IServiceCollection services)
    {
        services.AddSingleton<GatewayMetrics>();

        services.AddSingleton(provider => new LiveCanaryState(CanarySnapshot.FromConfiguration(
            provider.GetRequiredService<IOptions<CanaryOptions>>().Value.Weight,
            provider.GetRequiredService<TimeProvider>().GetUtcNow())));
        services.AddSingleton<ITrafficSplit>(provider => provider.GetRequiredService<LiveCanaryState>());
        services.AddSingleton<ICanaryStateStore, RedisCanaryStateStore>();
        services.AddSingleton<CanaryCoordinator>();
        services.AddSingleton<CanaryStateSync>();
        services.AddHostedService(provider => provider.GetRequiredService<CanaryStateSync>());

        services.AddSingleton(new VersionSelector(Random.Shared));
        services.AddSingleton<VersionStickiness>();
        services.AddSingleton<ILoadBalancingPolicy, WeightedVersionPolicy>();

        services.AddSingleton<CanaryTraffic>();
        services.AddSingleton<IVersionHealth, ProxyVersionHealth>();
        services.AddSingleton<ICanaryAnalysisStore, RedisCanaryAnalysisStore>();
        services.AddSingleton<SharedWindows>();
        services.AddSingleton<CanaryAnalyzer>();
        services.AddSingleton<CanaryAutopilot>();
        services.AddHostedService<CanaryAnalysisLoop>();
    }
}
