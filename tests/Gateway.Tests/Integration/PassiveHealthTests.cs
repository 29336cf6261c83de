using System.Net;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Tests.Support;
using ReferenceApp.Testing;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>
/// Passive health (ConsecutiveTransportFailures): failed attempts in a row take a dead version out; a live version that
/// misses a deadline now and then stays in rotation, so the canary never reads it as dead.
/// </summary>
public sealed class PassiveHealthTests(RedisFixture redis) : GatewayTestBase(redis)
{
    /// <summary>Passive health alone, with a short activity timeout so a missed deadline costs the test little.</summary>
    private static readonly Dictionary<string, string?> PassiveOnly = new()
    {
        ["ReverseProxy:Clusters:orders:HealthCheck:Active:Enabled"] = "false",
        ["ReverseProxy:Clusters:orders:HttpRequest:ActivityTimeout"] = "00:00:00.300",
        ["ReverseProxy:Clusters:orders:HealthCheck:Passive:ReactivationPeriod"] = "00:10:00",
    };

    [Fact]
    public async Task A_dead_version_is_taken_out_by_three_failed_attempts_in_a_row()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: PassiveOnly);
        using var client = gateway.Anonymous();
        var v2 = DestinationOf(gateway, CanaryVersion.V2);
        await V2.StopAsync();

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var answer = await SendAsync(client, "/api/products", cookie: "v2");
            Assert.Equal((HttpStatusCode.OK, "v1"), (answer.Status, answer.Version)); // retried on v1
            Assert.NotEqual(DestinationHealth.Unhealthy, v2.Health.Passive);
        }

        await SendAsync(client, "/api/products", cookie: "v2");

        Assert.Equal(DestinationHealth.Unhealthy, v2.Health.Passive);
        Assert.NotEqual(DestinationHealth.Unhealthy, DestinationOf(gateway, CanaryVersion.V1).Health.Passive);
    }

    [Fact]
    public async Task The_threshold_is_the_clusters_metadata()
    {
        var one = new Dictionary<string, string?>(PassiveOnly) { ["ReverseProxy:Clusters:orders:Metadata:ConsecutiveTransportFailures.Threshold"] = "1" };
        await using var gateway = await StartGatewayAsync(weight: 50, extra: one);
        using var client = gateway.Anonymous();
        await V2.StopAsync();

        await SendAsync(client, "/api/products", cookie: "v2");

        Assert.Equal(DestinationHealth.Unhealthy, DestinationOf(gateway, CanaryVersion.V2).Health.Passive);
    }

    [Fact]
    public async Task A_live_version_that_misses_every_second_deadline_stays_in_rotation()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: PassiveOnly);
        using var client = gateway.Anonymous();
        var v2 = DestinationOf(gateway, CanaryVersion.V2);
        V2.HangEvery = 2;

        // Failure, answer, failure, answer...: half of v2's attempts fail, never three in a row. YARP's failure-rate policy
        // (a third of at least 3 requests) took it out here.
        for (var request = 0; request < 12; request++)
        {
            var answer = await SendAsync(client, "/api/products", cookie: "v2");
            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }

        Assert.True(V2.Requests >= 6, $"v2 answered {V2.Requests} requests");
        Assert.Equal(DestinationHealth.Healthy, v2.Health.Passive);
    }
}
