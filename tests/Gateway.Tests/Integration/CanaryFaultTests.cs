using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Routing;
using ReferenceApp.Gateway.Tests.Support;
using ReferenceApp.Testing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>A failing or missing v2, end to end: real servers, real Redis, the gateway's own analysis loop.</summary>
public sealed class CanaryFaultTests(RedisFixture redis) : GatewayTestBase(redis)
{
    private const int Weight = 50;
    private const int FailEvery = 5; // v2 answers 20 % of its requests with 503
    private const int MinimumRequests = 50;

    [Fact]
    public async Task A_failing_v2_is_rolled_back_and_v1_then_serves_everything()
    {
        V2.FailEvery = FailEvery;
        await using var gateway = await StartGatewayAsync(Weight, extra: new Dictionary<string, string?>
        {
            ["Canary:Analysis:Interval"] = "00:00:00.100",
            ["Canary:Analysis:MinimumRequests"] = MinimumRequests.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = gateway.Anonymous();

        // Clients keep coming, in small batches, until the gateway rolls back; the bound only stops a broken run.
        var seen = new List<Answer>();
        JsonElement canary;
        do
        {
            seen.AddRange(await SendFromDistinctClientsAsync(client, 10));
            canary = await gateway.CanaryAsync(Cancellation);
        }
        while (canary.GetProperty("state").GetString() != "RolledBack" && seen.Count < 20_000);

        Assert.Equal("RolledBack", canary.GetProperty("state").GetString());
        Assert.Equal((100, 0), (canary.GetProperty("weights").GetProperty("v1").GetInt32(), canary.GetProperty("weights").GetProperty("v2").GetInt32()));
        Assert.Contains("success rate", canary.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var after = await SendFromDistinctClientsAsync(client, 500);
        Assert.All(after, answer => Assert.Equal((HttpStatusCode.OK, "v1"), (answer.Status, answer.Version)));

        // While the canary ran, clients saw at most the errors of v2's share of the traffic (weight × v2 failure rate), no more.
        seen.AddRange(after);
        var errorShare = (double)seen.Count(answer => (int)answer.Status >= 500) / seen.Count;
        Assert.InRange(errorShare, 0, Weight / 100.0 / FailEvery);
        Assert.All(seen.Where(answer => (int)answer.Status >= 500), answer => Assert.Equal("v2", answer.Version));
    }

    [Fact]
    public async Task A_slow_v2_is_rolled_back_on_its_p99()
    {
        // v2 answers in 200 ms or more against a 100 ms limit; v1 answers at once: far enough apart not to depend on machine speed.
        V2.Delay = TimeSpan.FromMilliseconds(200);
        await using var gateway = await StartGatewayAsync(Weight, extra: new Dictionary<string, string?>
        {
            ["Canary:Analysis:Interval"] = "00:00:00.100",
            ["Canary:Analysis:MinimumRequests"] = "20",
            ["Canary:Analysis:MaximumP99Milliseconds"] = "100",
            ["Canary:Analysis:MaximumLatencyRatio"] = "0", // the absolute guard alone (the comparison with v1 has its own test)
        });
        using var client = gateway.Anonymous();

        JsonElement canary;
        var sent = 0;
        do
        {
            await SendFromDistinctClientsAsync(client, 16);
            sent += 16;
            canary = await gateway.CanaryAsync(Cancellation);
        }
        while (canary.GetProperty("state").GetString() != "RolledBack" && sent < 5_000);

        Assert.Equal("RolledBack", canary.GetProperty("state").GetString());
        Assert.Contains("p99", canary.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.All(await SendFromDistinctClientsAsync(client, 100), answer => Assert.Equal("v1", answer.Version));
    }

    [Fact]
    public async Task A_v2_slower_than_v1_by_the_ratio_is_rolled_back_within_the_absolute_limit()
    {
        // v2 answers in 200 ms or more, v1 at once: within the 2,000 ms guard, but far above 1.5 × v1's p95.
        V2.Delay = TimeSpan.FromMilliseconds(200);
        await using var gateway = await StartGatewayAsync(Weight, extra: new Dictionary<string, string?>
        {
            ["Canary:Analysis:Interval"] = "00:00:00.100",
            ["Canary:Analysis:MinimumRequests"] = "20",
        });
        using var client = gateway.Anonymous();

        JsonElement canary;
        var sent = 0;
        do
        {
            await SendFromDistinctClientsAsync(client, 16);
            sent += 16;
            canary = await gateway.CanaryAsync(Cancellation);
        }
        while (canary.GetProperty("state").GetString() != "RolledBack" && sent < 5_000);

        Assert.Equal("RolledBack", canary.GetProperty("state").GetString());
        Assert.Contains("p95 latency", canary.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("× v1's", canary.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_v2_is_down_requests_flow_to_v1()
    {
        await using var gateway = await StartGatewayAsync(Weight);
        using var client = gateway.Anonymous();
        await V2.StopAsync();

        var answers = await SendFromDistinctClientsAsync(client, 300);

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.OK, "v1"), (answer.Status, answer.Version)));
        Assert.True(gateway.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("orders", out var orders));
        var v2 = orders.Destinations.Values.Single(d => CanaryDestinations.TryGetVersion(d, out var version) && version == CanaryVersion.V2);
        // Health checks took it out (passive on the failed requests, or active on the failed probes, whichever came first),
        // so later requests skip it.
        Assert.Contains(DestinationHealth.Unhealthy, new[] { v2.Health.Passive, v2.Health.Active });
    }

    [Fact]
    public async Task Without_redis_the_gateway_keeps_routing_by_the_last_known_weights()
    {
        var ownRedis = await RedisServer.StartAsync(Cancellation);
        await using var gateway = new GatewayUnderTest(ownRedis.ConnectionString, V1, V2, Payments, weight: 100);
        await gateway.WaitUntilSeededAsync(Cancellation);
        using var client = gateway.Anonymous();

        await ownRedis.DisposeAsync();
        var answers = await SendFromDistinctClientsAsync(client, 100);

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.OK, "v2"), (answer.Status, answer.Version)));
        using var probe = gateway.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health", Cancellation)).StatusCode);
        using var admin = gateway.Admin();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PutWeightAsync(admin, new { v2 = 0 })).StatusCode);
        Assert.All(await SendFromDistinctClientsAsync(client, 10), answer => Assert.Equal("v2", answer.Version));
    }

    [Fact]
    public async Task A_client_stuck_to_v2_is_served_by_v1_while_v2_is_down()
    {
        await using var gateway = await StartGatewayAsync(Weight);
        using var client = gateway.Customer();
        await V2.StopAsync();

        for (var i = 0; i < 20; i++)
        {
            var answer = await SendAsync(client, "/api/orders/1", cookie: "v2");
            Assert.Equal((HttpStatusCode.OK, "v1"), (answer.Status, answer.Version));
            Assert.Null(answer.StickyCookie);
        }
    }
}
