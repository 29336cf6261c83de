using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

/// <summary>
/// One running frontend process (in memory) on the shared real Redis, its gateway answered by a <see cref="StubGateway"/>.
/// Two of them are two replicas behind a load balancer.
/// </summary>
internal sealed class FrontendReplica(string redisConnectionString, StubGateway gateway, params (string Key, string Value)[] settings)
    : WebApplicationFactory<Program>
{
    public const string StorefrontSecret = "test-storefront-secret";

    /// <summary>Test-only changes to the replica's services (e.g. the identity service's discovery document).</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:cache", redisConnectionString);
        builder.UseSetting("services:gateway:http:0", "http://gateway.test");
        builder.UseSetting("Frontend:GatewayAdminKey", "test-admin-key");
        // The storefront always has an identity service to sign customers in at; none is contacted unless a test signs in.
        builder.UseSetting("Identity:Authority", "https://identity.test/");
        builder.UseSetting("Identity:ClientId", "storefront");
        builder.UseSetting("Identity:ClientSecret", StorefrontSecret);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddHttpClient<OrdersClient>().ConfigurePrimaryHttpMessageHandler(() => gateway);
            services.AddHttpClient<CanaryAdminClient>().ConfigurePrimaryHttpMessageHandler(() => gateway);
            ConfigureTestServices?.Invoke(services);
        });
    }
}
