using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Routing;
using ReferenceApp.Gateway.Tests.Support;
using ReferenceApp.Testing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>
/// A dead or hung orders instance, end to end: the client gets the other version's answer when a retry is safe, a problem
/// when it is not, and never waits for the old 100 s timeout; the failed attempt still counts against its version.
/// </summary>
public sealed class DeadInstanceTests(RedisFixture redis) : GatewayTestBase(redis)
{
    private const string OrderJson = """{"customerId":"c-1","items":[{"productId":"descaler","quantity":2}]}""";

    /// <summary>
    /// Health checks off, so every request pinned to v2 really tries v2 (with them on, the gateway may already have taken
    /// the dead v2 out, and there would be nothing to retry).
    /// </summary>
    private static readonly Dictionary<string, string?> WithoutHealthChecks = new()
    {
        ["ReverseProxy:Clusters:orders:HealthCheck:Active:Enabled"] = "false",
        ["ReverseProxy:Clusters:orders:HealthCheck:Passive:Enabled"] = "false",
    };

    [Fact]
    public async Task A_read_sent_to_a_dead_version_is_answered_by_the_other_and_counted_against_the_dead_one()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: WithoutHealthChecks);
        using var client = gateway.Anonymous();
        await V2.StopAsync();

        var get = await SendAsync(client, "/api/products", cookie: "v2");
        var head = await SendAsync(client, "/api/products", cookie: "v2", method: HttpMethod.Head);

        Assert.Equal((HttpStatusCode.OK, "v1"), (get.Status, get.Version));
        Assert.Equal((HttpStatusCode.OK, "v1"), (head.Status, head.Version));
        var versions = (await gateway.CanaryAsync(Cancellation)).GetProperty("versions");
        Assert.Equal((2, 2), (versions.GetProperty("v2").GetProperty("requests").GetInt32(), versions.GetProperty("v2").GetProperty("errors").GetInt32()));
        Assert.Equal((2, 0), (versions.GetProperty("v1").GetProperty("requests").GetInt32(), versions.GetProperty("v1").GetProperty("errors").GetInt32()));
    }

    [Fact]
    public async Task A_post_with_an_idempotency_key_is_retried_on_the_other_version_with_its_whole_body()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: WithoutHealthChecks);
        using var client = gateway.Anonymous();
        await V2.StopAsync();

        using var response = await client.SendAsync(Order(idempotencyKey: "key-retry-1"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(("v1", "POST", "key-retry-1", OrderJson),
            (echo.GetProperty("version").GetString(), echo.GetProperty("method").GetString(), echo.GetProperty("idempotencyKey").GetString(), echo.GetProperty("body").GetString()));
        Assert.Equal(1, (await gateway.CanaryAsync(Cancellation)).GetProperty("versions").GetProperty("v2").GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task A_keyed_post_with_a_chunked_body_is_retried_on_the_other_version_with_its_whole_body()
    {
        // HttpClient sends JsonContent (PostAsJsonAsync: the storefront, the traffic generator) chunked, without a
        // Content-Length: most real order POSTs look like this one.
        await using var gateway = await StartGatewayAsync(weight: 50, extra: WithoutHealthChecks);
        using var client = gateway.Anonymous();
        await V2.StopAsync();
        using var request = Order(idempotencyKey: "key-chunked-1");
        request.Content = JsonContent.Create(JsonDocument.Parse(OrderJson).RootElement);
        Assert.Null(request.Content.Headers.ContentLength);

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("v1", echo.GetProperty("version").GetString());
        Assert.Equal(OrderJson, JsonSerializer.Serialize(JsonDocument.Parse(echo.GetProperty("body").GetString()!).RootElement));
    }

    [Fact]
    public async Task A_post_without_an_idempotency_key_is_not_retried_and_gets_a_problem()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: WithoutHealthChecks);
        using var client = gateway.Anonymous();
        await V2.StopAsync();

        using var response = await client.SendAsync(Order(idempotencyKey: null), Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(502, problem.GetProperty("status").GetInt32());
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, V1.Requests);
    }

    [Fact]
    public async Task A_version_that_accepts_but_never_answers_fails_within_the_activity_timeout()
    {
        V2.Hang = true;
        var settings = new Dictionary<string, string?>(WithoutHealthChecks)
        {
            ["ReverseProxy:Clusters:orders:HttpRequest:ActivityTimeout"] = "00:00:01",
        };
        await using var gateway = await StartGatewayAsync(weight: 50, extra: settings);
        using var client = gateway.Anonymous();
        // Generous bound: a client left waiting for the old 100 s default fails here instead of hanging the run.
        client.Timeout = TimeSpan.FromSeconds(30);

        var read = await SendAsync(client, "/api/products", cookie: "v2");
        using var keyed = await client.SendAsync(Order(idempotencyKey: "key-hung-1"), Cancellation);
        using var write = await client.SendAsync(Order(idempotencyKey: null), Cancellation);

        Assert.Equal((HttpStatusCode.OK, "v1"), (read.Status, read.Version));
        // The gateway had already sent the whole body to the hung v2; the buffered copy is what v1 receives.
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        var echo = await keyed.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(("v1", OrderJson), (echo.GetProperty("version").GetString(), echo.GetProperty("body").GetString()));
        Assert.Equal(HttpStatusCode.GatewayTimeout, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Active_health_checks_take_a_dead_version_out_without_any_traffic()
    {
        await using var gateway = await StartGatewayAsync(weight: 50);
        var v2 = DestinationOf(gateway, CanaryVersion.V2);
        await GatewayUnderTest.WaitForAsync(() => Task.FromResult(v2.Health.Active == DestinationHealth.Healthy), Cancellation);

        var stopped = Stopwatch.StartNew();
        await V2.StopAsync();
        await GatewayUnderTest.WaitForAsync(() => Task.FromResult(v2.Health.Active == DestinationHealth.Unhealthy), Cancellation);

        // Reported, not asserted: a timing is a measure, not a pass/fail (the bound above only stops a broken run).
        TestContext.Current.TestOutputHelper?.WriteLine($"v2 marked unhealthy {stopped.ElapsedMilliseconds} ms after it stopped");
        Assert.Equal(DestinationHealth.Healthy, DestinationOf(gateway, CanaryVersion.V1).Health.Active);
        using var client = gateway.Anonymous();
        Assert.All(await SendFromDistinctClientsAsync(client, 50), answer => Assert.Equal((HttpStatusCode.OK, "v1"), (answer.Status, answer.Version)));
    }

    [Fact]
    public async Task A_safe_request_whose_only_healthy_version_died_is_retried_on_the_version_health_checks_had_taken_out()
    {
        // On a loaded machine health checks take live versions out too (slow probes, timeouts counted as failures). When the
        // version left in rotation then dies, the one marked down is still a better answer than a 502 for a safe request.
        var passiveOnly = new Dictionary<string, string?> { ["ReverseProxy:Clusters:orders:HealthCheck:Active:Enabled"] = "false" };
        await using var gateway = await StartGatewayAsync(weight: 50, extra: passiveOnly);
        var orders = ClusterOf(gateway);
        gateway.Services.GetRequiredService<IDestinationHealthUpdater>()
            .SetPassive(orders, DestinationOf(gateway, CanaryVersion.V1), DestinationHealth.Unhealthy, TimeSpan.FromMinutes(10));
        // YARP rebuilds the available destinations off the caller's thread.
        await GatewayUnderTest.WaitForAsync(() => Task.FromResult(orders.DestinationsState.AvailableDestinations.Count == 1), Cancellation);
        Assert.Same(DestinationOf(gateway, CanaryVersion.V2), Assert.Single(orders.DestinationsState.AvailableDestinations));
        await V2.StopAsync();
        using var client = gateway.Anonymous();

        var read = await SendAsync(client, "/api/products", cookie: "v2");
        using var keyed = await client.SendAsync(Order(idempotencyKey: "key-marked-down-1"), Cancellation);
        using var keyless = await client.SendAsync(Order(idempotencyKey: null), Cancellation);

        Assert.Equal((HttpStatusCode.OK, "v1"), (read.Status, read.Version));
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.Equal("v1", (await keyed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("version").GetString());
        Assert.Equal(HttpStatusCode.BadGateway, keyless.StatusCode); // still never repeated without a key
        Assert.Equal(2, V1.Requests);
    }

    private static ClusterState ClusterOf(GatewayUnderTest gateway)
    {
        Assert.True(gateway.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("orders", out var orders));
        return orders;
    }


    private static HttpRequestMessage Order(string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(OrderJson, Encoding.UTF8, "application/json") };
        // A client stuck to v2 (not an operator's X-Canary, whose requests the analysis leaves out).
        request.Headers.Add("Cookie", $"{VersionStickiness.CookieName}=v2");
        request.Headers.Authorization = TestTokens.Bearer(TestTokens.Customer("customer-1"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}
