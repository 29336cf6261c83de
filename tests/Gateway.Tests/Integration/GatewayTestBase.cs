using System.Net.Http.Json;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Gateway.Apis;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Routing;
using ReferenceApp.Gateway.Tests.Support;
using ReferenceApp.Testing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>Each test class gets fresh v1, v2 and payments servers; gateways are built per test with their own state key.</summary>
public abstract class GatewayTestBase(CacheFixture redis) : IAsyncLifetime
{
    protected CacheFixture Redis { get; } = redis;

    protected VersionServer V1 { get; private set; } = null!;

    protected VersionServer V2 { get; private set; } = null!;

    protected VersionServer Payments { get; private set; } = null!;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        V1 = await VersionServer.StartAsync("v1");
        V2 = await VersionServer.StartAsync("v2");
        Payments = await VersionServer.StartAsync("payments");
    }

    public async ValueTask DisposeAsync()
    {
        await V1.DisposeAsync();
        await V2.DisposeAsync();
        await Payments.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected async Task<GatewayUnderTest> StartGatewayAsync(int weight, string? stateKey = null, IDictionary<string, string?>? extra = null)
    {
        var gateway = new GatewayUnderTest(Redis, V1, V2, Payments, weight, stateKey, extra);
        await gateway.WaitUntilSeededAsync(Cancellation);
        return gateway;
    }

    /// <summary>One request from a new client (no cookie); returns the status, the version that answered and the sticky cookie set.</summary>
    /// <param name="asOperator">Sends an operator's token, which an X-Canary override needs to be honoured.</param>
    protected static async Task<Answer> SendAsync(HttpClient client, string path = "/api/products", string? cookie = null, string? canary = null,
        HttpMethod? method = null, bool asOperator = false)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (asOperator)
        {
            request.Headers.Authorization = TestTokens.Bearer(TestTokens.Operator());
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{VersionStickiness.CookieName}={cookie}");
        }

        if (canary is not null)
        {
            request.Headers.Add(VersionStickiness.OverrideHeader, canary);
        }

        using var response = await client.SendAsync(request, Cancellation);
        var version = response.Headers.TryGetValues(VersionServer.VersionHeader, out var values) ? values.Single() : null;
        var sticky = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(c => c.StartsWith(VersionStickiness.CookieName + "=", StringComparison.Ordinal))
                .Select(c => c[(VersionStickiness.CookieName.Length + 1)..].Split(';')[0]).SingleOrDefault()
            : null;
        return new Answer(response.StatusCode, version, sticky);
    }

    /// <summary>Sends <paramref name="count"/> requests from distinct clients, a few at a time as real clients would.</summary>
    protected static async Task<IReadOnlyList<Answer>> SendFromDistinctClientsAsync(HttpClient client, int count, string path = "/api/products")
    {
        var answers = new Answer[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancellation },
            async (i, _) => answers[i] = await SendAsync(client, path));
        return answers;
    }

    protected static async Task<HttpResponseMessage> PutWeightAsync(HttpClient admin, object body) =>
        await admin.PutAsJsonAsync("/admin/canary/weight", body, Cancellation);

    /// <summary>The gateway's YARP destination of one orders version, whose health a test reads.</summary>
    protected static DestinationState DestinationOf(GatewayUnderTest gateway, CanaryVersion version)
    {
        Assert.True(gateway.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("orders", out var orders));
        return orders.Destinations.Values.Single(d => CanaryDestinations.TryGetVersion(d, out var v) && v == version);
    }

    protected sealed record Answer(HttpStatusCode Status, string? Version, string? StickyCookie);
}
