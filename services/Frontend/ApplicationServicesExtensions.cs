using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Http.Resilience;
using ReferenceApp.Frontend.Services;
using StackExchange.Redis;

namespace ReferenceApp.Frontend;

public static class ApplicationServicesExtensions
{
    public const string GatewayUrlSetting = "Frontend:GatewayUrl";
    public const string DataProtectionKeysRedisKey = "frontend:data-protection-keys";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<FrontendOptions, FrontendOptionsValidator>(FrontendOptions.SectionName);
        builder.AddRedisClient("cache");

        // Anti-forgery tokens are data-protected: every replica must share the keys, or a form rendered by one
        // replica is refused by another. The keys live in the same Redis as the carts.
        builder.Services.AddDataProtection().SetApplicationName("ReferenceApp.Frontend");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IConnectionMultiplexer>((options, redis) =>
                options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKeysRedisKey));

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CustomerIdentity>();
        builder.Services.AddSingleton<CartStore>();

        // A person is waiting for the page: retry briefly, then say the service is down, within seconds rather than
        // the default 30 s. (Retrying a POST is safe here: orders carry an idempotency key, weights are absolute.)
        builder.Services.PostConfigureAll<HttpStandardResilienceOptions>(options =>
        {
            options.Retry.MaxRetryAttempts = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(250);
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(12);
        });

        var gateway = new Uri(builder.Configuration[GatewayUrlSetting] ?? "http://gateway");
        builder.Services.AddTransient<GatewayTokenHandler>();
        builder.Services.AddHttpClient<OrdersClient>(client => client.BaseAddress = gateway)
            .AddHttpMessageHandler<GatewayTokenHandler>()
            .ConfigurePrimaryHttpMessageHandler(WithoutCookies);
        builder.Services.AddHttpClient<CanaryAdminClient>(client => client.BaseAddress = gateway)
            .AddHttpMessageHandler<GatewayTokenHandler>()
            .ConfigurePrimaryHttpMessageHandler(WithoutCookies);
    }

    /// <summary>
    /// Pooled handlers are shared by every visitor: a cookie container would hand one customer's gateway cookies
    /// (e.g. the canary stickiness cookie) to the next. The customer id header keeps the version choice per customer instead.
    /// </summary>
    private static void WithoutCookies(HttpMessageHandler handler, IServiceProvider services)
    {
        switch (handler)
        {
            case SocketsHttpHandler sockets:
                sockets.UseCookies = false;
                break;
            case HttpClientHandler client:
                client.UseCookies = false;
                break;
        }
    }
}
