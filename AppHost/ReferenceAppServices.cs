using Microsoft.Extensions.Configuration;
using ReferenceApp.AppHost.Infrastructure;

namespace ReferenceApp.AppHost;

/// <summary>The services of the system and who calls whom: the arrows of the README's diagram.</summary>
public static class ReferenceAppServices
{
    public static void AddReferenceAppServices(this IDistributedApplicationBuilder builder, SystemInfrastructure infrastructure)
    {
        // The gateway admin API's secret (docs/gateway-admin-api.md): generated for local runs, shared by gateway and frontend.
        var gatewayAdminKey = builder.AddParameter("gateway-admin-key",
                new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true)
            .WithDescription(GatewayAdminKeyDescription);

        // v2's share of new orders traffic in percent (Parameters:canary-weight, default 10 in appsettings.json).
        var canaryWeight = builder.AddParameter("canary-weight")
            .WithDescription(CanaryWeightDescription);

        // The OpenID Connect provider (docs: the identity contract): accounts, sign-in, tokens for every other service.
        var identitySecrets = builder.AddIdentityClientSecrets();
        var identity = builder.AddService<Projects.Identity>("identity")
            .WithDirectLink("Identity (sign-in)")
            .WithReference(infrastructure.IdentityDatabase, SystemInfrastructureExtensions.IdentityDatabaseName).WaitFor(infrastructure.IdentityDatabase)
            .WithIdentitySettings(builder, identitySecrets);

        var payments = builder.AddService<Projects.Payments>("payments")
            .WithDirectLink("Payments API (direct)")
            .WithReference(infrastructure.PaymentsDatabase, SystemInfrastructureExtensions.PaymentsDatabaseName).WaitFor(infrastructure.PaymentsDatabase)
            .WithIdentityAuthority(identity);

        var ordersV1 = builder.AddOrders("orders-v1", "v1", infrastructure, payments, identity, identitySecrets);
        var ordersV2 = builder.AddOrders("orders-v2", "v2", infrastructure, payments, identity, identitySecrets);

        var gateway = builder.AddService<Projects.Gateway>("gateway", LocalPort(builder, "GatewayPort"))
            .WithReference(ordersV1).WithReference(ordersV2).WithReference(payments)
            .WithReference(infrastructure.Cache).WaitFor(infrastructure.Cache)
            .WithEnvironment("Gateway__AdminKey", gatewayAdminKey)
            .WithEnvironment("Canary__Weight", canaryWeight)
            .WithIdentityAuthority(identity)
            .WithLocalGatewayAccess(builder)
            .WithExternalHttpEndpoints()
            .WithPublicApiLinks()
            .WithCanaryCommands(gatewayAdminKey);

        builder.AddTrafficGenerator(gateway, identity, identitySecrets);
        builder.AddCanaryFaults();

        // Not WaitFor(gateway): the storefront only calls the gateway per request (and says so when it is down), so it
        // can start beside it instead of after it; start-up is shorter by the gateway's own start.
        var frontend = builder.AddService<Projects.Frontend>("frontend", LocalPort(builder, "FrontendPort"))
            .WithReference(gateway)
            .WithReference(infrastructure.Cache).WaitFor(infrastructure.Cache)
            .WithEnvironment("Frontend__GatewayAdminKey", gatewayAdminKey)
            .WithIdentityClient(identity, IdentityProvider.StorefrontClientId, identitySecrets.Storefront)
            .WithExternalHttpEndpoints()
            .WithStorefrontLinks();
        identity.WithStorefrontClient(frontend).WithExternalHttpEndpoints();
    }

    private const string HealthPath = "/health";

    public const string GatewayAdminKeyDescription =
        "Secret of the gateway's admin API (header X-Admin-Key) and the operator key that signs in to the storefront's " +
        "Operations page. Generated for local runs; set it with --Parameters:gateway-admin-key=...";

    public const string CanaryWeightDescription =
        "Percent of new orders traffic the gateway sends to orders-v2 (the canary); orders-v1 gets the rest. " +
        "Seeds the live weight, which the Operations page changes at run time. Default 10 (AppHost/appsettings.json).";

    /// <summary>
    /// The load generator, only when TrafficGenerator:Enabled is true (off by default; e.g. `dotnet run --project AppHost -- --TrafficGenerator:Enabled=true`).
    /// TrafficGenerator:RequestsPerSecond sets its rate.
    /// </summary>
    private static void AddTrafficGenerator(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway,
        IResourceBuilder<ProjectResource> identity, IdentityClientSecrets identitySecrets)
    {
        if (!builder.Configuration.GetValue<bool>("TrafficGenerator:Enabled"))
        {
            return;
        }

        var rate = builder.Configuration.GetValue<double?>("TrafficGenerator:RequestsPerSecond") ?? 5;
        // A worker without an HTTP endpoint, so not AddService; but run like the services: the same local telemetry
        // (readable console logs) and launched from its built output.
        builder.AddProject<Projects.TrafficGenerator>("traffic-generator", launchProfileName: null)
            .WithLocalTelemetry(builder)
            .WithBuiltOutputLaunch(builder)
            .WithReference(gateway).WaitFor(gateway)
            .WithIdentityClient(identity, IdentityProvider.TrafficClientId, identitySecrets.TrafficGenerator)
            .WithEnvironment("TrafficGenerator__RequestsPerSecond", rate.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static IResourceBuilder<ProjectResource> AddOrders(
        this IDistributedApplicationBuilder builder, string name, string version,
        SystemInfrastructure infrastructure, IResourceBuilder<ProjectResource> payments,
        IResourceBuilder<ProjectResource> identity, IdentityClientSecrets identitySecrets) =>
        builder.AddService<Projects.Orders>(name)
            .WithEnvironment("Orders__Version", version)
            .WithDirectLink($"Orders API {version} (direct)")
            .WithReference(infrastructure.OrdersDatabase, SystemInfrastructureExtensions.OrdersDatabaseName).WaitFor(infrastructure.OrdersDatabase)
            .WithReference(payments)
            .WithIdentityClient(identity, IdentityProvider.OrdersClientId, identitySecrets.Orders);

    /// <summary>What every service resource has: an HTTP endpoint, a health check on /health, local telemetry settings.</summary>
    private static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, int? port = null)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint(port: port, isProxied: builder.ExecutionContext.IsPublishMode ? null : LocalEndpoints.Proxied)
            .WithHttpHealthCheck(HealthPath)
            .WithLocalTelemetry(builder)
            .WithBuiltOutputLaunch(builder);

    /// <summary>Fixed local ports (LocalUrls:FrontendPort and GatewayPort); 0 lets the orchestrator choose, as tests do.</summary>
    private static int? LocalPort(IDistributedApplicationBuilder builder, string setting) =>
        builder.ExecutionContext.IsPublishMode ? null
        : builder.Configuration.GetValue<int?>($"LocalUrls:{setting}") is { } port and not 0 ? port : null;
}
