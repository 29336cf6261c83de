using System.Net;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>
/// Per-address rate limits behind an ingress (Gateway:ForwardedHeaders). The gateway runs on real Kestrel and each caller
/// connects from its own loopback address (127.0.0.2, 127.0.0.3, ...), so the address the gateway sees is a socket's, as
/// in a cluster. Anonymous reads are limited to 2 per hour per address: the counts decide, never the clock.
/// "ForwardedHeaders_Enabled" is what ASPNETCORE_FORWARDEDHEADERS_ENABLED (set by Aspire's manifest) becomes in configuration.
/// </summary>
public sealed class ForwardedHeadersTests(RedisFixture redis) : GatewayTestBase(redis)
{
    private const int Limit = 2;

    private static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Stranger = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress OtherStranger = IPAddress.Parse("127.0.0.4");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_spoofed_X_Forwarded_For_from_an_untrusted_peer_does_not_dodge_its_addresss_limit(bool forwardedHeadersEnabled)
    {
        var (gateway, url) = await StartOnKestrelAsync(forwardedHeadersEnabled, knownProxy: null);
        await using var _ = gateway;
        using var stranger = GatewayUnderTest.FromAddress(Stranger, url);
        using var otherStranger = GatewayUnderTest.FromAddress(OtherStranger, url);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 2; i++)
        {
            statuses.Add(await ReadAsync(stranger, forwardedFor: $"198.51.100.{i + 1}"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // Its neighbour at another address still has its own bucket: addresses are told apart, forged ones are not believed.
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(otherStranger, forwardedFor: "198.51.100.1"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_trusted_proxys_clients_are_limited_one_by_one(bool forwardedHeadersEnabled)
    {
        var (gateway, url) = await StartOnKestrelAsync(forwardedHeadersEnabled, knownProxy: Proxy.ToString());
        await using var _ = gateway;
        using var ingress = GatewayUnderTest.FromAddress(Proxy, url);

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 1; i++)
        {
            first.Add(await ReadAsync(ingress, forwardedFor: "203.0.113.7"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        // Another client behind the same ingress has a bucket of its own, full.
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(ingress, forwardedFor: "203.0.113.8"));
        // A client that writes an X-Forwarded-For of its own gets its real address appended by the ingress: the entries it
        // forged, left of that, are never believed.
        Assert.Equal(HttpStatusCode.TooManyRequests, await ReadAsync(ingress, forwardedFor: "192.0.2.99, 203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await ReadAsync(ingress, forwardedFor: "192.0.2.100, 203.0.113.7"));
    }

    [Fact]
    public async Task Only_the_trusted_proxy_is_believed_a_stranger_next_to_it_is_not()
    {
        var (gateway, url) = await StartOnKestrelAsync(forwardedHeadersEnabled: true, knownProxy: Proxy.ToString());
        await using var _ = gateway;
        using var stranger = GatewayUnderTest.FromAddress(Stranger, url);
        using var ingress = GatewayUnderTest.FromAddress(Proxy, url);

        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await ReadAsync(stranger, forwardedFor: $"198.51.100.{i + 1}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await ReadAsync(stranger, forwardedFor: "198.51.100.50"));
        // Nor can a stranger spend a proxied client's bucket by naming it.
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(ingress, forwardedFor: "198.51.100.50"));
    }

    [Fact]
    public async Task A_half_formed_X_Forwarded_For_from_the_trusted_proxy_is_answered_and_counted_against_the_proxy()
    {
        var (gateway, url) = await StartOnKestrelAsync(forwardedHeadersEnabled: true, knownProxy: Proxy.ToString());
        await using var _ = gateway;
        using var ingress = GatewayUnderTest.FromAddress(Proxy, url);
        string[] malformed = ["not-an-address", "999.1.1.1", " , ,", "::::1::"];

        // Never a 5xx, and no bucket of their own: an entry that is not an address is not believed, so the request counts
        // against the proxy's own address, whichever garbage it carried.
        var answers = new List<HttpStatusCode>();
        foreach (var forwardedFor in malformed)
        {
            answers.Add(await ReadAsync(ingress, forwardedFor));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        // A well-formed client behind the same proxy keeps its own bucket.
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(ingress, forwardedFor: "203.0.113.9"));
    }

    [Theory]
    [InlineData("KnownProxies", "not-an-address")]
    [InlineData("KnownNetworks", "10.244.0.0")]
    [InlineData("KnownNetworks", "10.244.0.0/99")]
    public void A_malformed_trusted_proxy_stops_the_gateway_at_start(string list, string value)
    {
        using var gateway = new GatewayUnderTest(Redis, V1, V2, Payments, weight: 0, extra: new Dictionary<string, string?>
        {
            [$"Gateway:ForwardedHeaders:{list}:0"] = value,
        });

        var failure = Assert.ThrowsAny<Exception>(() => gateway.Services);
        Assert.Contains(value, failure.ToString(), StringComparison.Ordinal);
    }

    private async Task<(GatewayUnderTest Gateway, Uri Url)> StartOnKestrelAsync(bool forwardedHeadersEnabled, string? knownProxy)
    {
        var extra = new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:Reads:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:RateLimits:Reads:Window"] = "01:00:00",
            ["ForwardedHeaders_Enabled"] = forwardedHeadersEnabled ? "true" : "false",
        };
        if (knownProxy is not null)
        {
            extra["Gateway:ForwardedHeaders:KnownProxies:0"] = knownProxy;
        }

        var gateway = new GatewayUnderTest(Redis, V1, V2, Payments, weight: 0, extra: extra);
        try
        {
            var url = gateway.ServeOnKestrel();
            await gateway.WaitUntilSeededAsync(Cancellation);
            return (gateway, url);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private static async Task<HttpStatusCode> ReadAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, Cancellation);
        return response.StatusCode;
    }
}
