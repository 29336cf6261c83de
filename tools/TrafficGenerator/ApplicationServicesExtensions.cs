using Microsoft.Extensions.Options;

namespace ReferenceApp.TrafficGenerator;

public static class ApplicationServicesExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TrafficOptions, TrafficOptionsValidator>(TrafficOptions.SectionName);

        // Service discovery turns http://gateway into the gateway's address, locally and in Kubernetes.
        builder.Services.AddHttpClient<ShopperJourney>((provider, client) =>
                client.BaseAddress = new Uri(provider.GetRequiredService<IOptions<TrafficOptions>>().Value.GatewayUrl))
            // Each shopper carries its own canary cookie. The pooled handler's shared cookie jar would hand the first
            // shopper's cookie to every shopper and pin them all to one version.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false })
            // The generator signs in as itself (client credentials, client traffic-generator, scope orders): its orders
            // belong to that client, whichever simulated shopper placed them.
            .AddClientCredentialsToken(AccessPolicies.OrdersScope);
        builder.Services.AddSingleton<TrafficMetrics>();
        builder.Services.AddHostedService<TrafficLoop>();
    }
}
