using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Gateway.Operators;
using ReferenceApp.Testing;

namespace ReferenceApp.Gateway.Tests.Support;

/// <summary>
/// The real gateway (its Program, YARP config and service discovery) hosted in-process, proxying to real
/// <see cref="VersionServer"/>s over loopback and keeping its canary state in the real Redis. It trusts tokens signed by
/// the test key (<see cref="TestTokens"/>); its rate limits are out of reach unless a test sets them (Gateway:RateLimits).
/// </summary>
public sealed class GatewayUnderTest : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";

    private const string Unthrottled = "1000000";

    private readonly Dictionary<string, string?> settings;

    public GatewayUnderTest(CacheFixture redis, VersionServer v1, VersionServer v2, VersionServer payments, int weight, string? stateKey = null,
        IDictionary<string, string?>? extra = null)
        : this(redis.ConnectionString, v1, v2, payments, weight, stateKey, extra)
    {
    }

    public GatewayUnderTest(string redisConnectionString, VersionServer v1, VersionServer v2, VersionServer payments, int weight, string? stateKey = null,
        IDictionary<string, string?>? extra = null)
    {
        StateKey = stateKey ?? "canary:test:" + Guid.NewGuid().ToString("N");
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redisConnectionString,
            ["services:orders-v1:http:0"] = v1.Url,
            ["services:orders-v2:http:0"] = v2.Url,
            ["services:payments:http:0"] = payments.Url,
            ["Gateway:AdminKey"] = AdminKey,
            ["Gateway:RateLimits:OrderPlacement:PermitLimit"] = Unthrottled,
            ["Gateway:RateLimits:Reads:PermitLimit"] = Unthrottled,
            ["Gateway:RateLimits:Admin:PermitLimit"] = Unthrottled,
            ["Canary:Weight"] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Canary:StateKey"] = StateKey,
            ["Canary:RefreshInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Yarp"] = "Critical", // the fault tests make YARP log every refused connection
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public string StateKey { get; }

    /// <summary>
    /// Serves on real Kestrel at 127.0.0.1 on a free port instead of the in-memory test server, so each caller's address is
    /// its socket's (<see cref="FromAddress"/>). Call before anything else touches the factory.
    /// </summary>
    public Uri ServeOnKestrel()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.Single());
    }

    /// <summary>
    /// A client whose connections leave from <paramref name="source"/> (a loopback address such as 127.0.0.2) to a gateway
    /// served by <see cref="ServeOnKestrel"/>: a caller the gateway sees at that address.
    /// </summary>
    public static HttpClient FromAddress(IPAddress source, Uri gateway)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = gateway };
    }

    /// <summary>A client that handles no cookies: each request is a distinct new client unless a test sends the cookie itself.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    /// <summary>A signed-in customer (scopes orders and payments), without cookies like <see cref="Anonymous"/>.</summary>
    public HttpClient Customer(string customerId = "customer-1") => Anonymous().WithToken(TestTokens.Customer(customerId));

    /// <summary>A signed-in operator: what the admin API asks for.</summary>
    public HttpClient Admin() => Anonymous().WithToken(TestTokens.Operator());

    /// <summary>Automation with the break-glass key (honoured only when Gateway:AdminKeyBreakGlass is on).</summary>
    public HttpClient BreakGlass(string key = AdminKey)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(AdminCredential.HeaderName, key);
        return client;
    }

    public async Task<JsonElement> CanaryAsync(CancellationToken cancellationToken)
    {
        using var admin = Admin();
        return await admin.GetFromJsonAsync<JsonElement>("/admin/canary", cancellationToken);
    }

    /// <summary>Waits (bounded) until the gateway has seeded its state, so tests start from a known decision.</summary>
    public async Task WaitUntilSeededAsync(CancellationToken cancellationToken)
    {
        var redis = Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        await WaitForAsync(() => redis.GetDatabase().KeyExistsAsync(StateKey), cancellationToken);
    }

    /// <summary>Polls a condition that another component makes true in the background; the bound only keeps a broken run from hanging.</summary>
    public static Task WaitForAsync(Func<Task<bool>> condition, CancellationToken cancellationToken, int seconds = 20) =>
        Polling.WaitForAsync(condition, TimeSpan.FromSeconds(seconds), cancellationToken);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // Settings, not ConfigureAppConfiguration: the Redis client reads its connection string while Program registers services.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(TestTokens.TrustTestIssuer);
    }
}
