using System.Net;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>Split, stickiness and override, measured through the running gateway against two real servers.</summary>
public sealed class WeightedRoutingTests(RedisFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task Ten_thousand_distinct_clients_split_within_one_and_a_half_points_of_the_weight()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var client = gateway.Anonymous();

        var answers = await SendFromDistinctClientsAsync(client, 10_000);

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var v2Share = 100.0 * answers.Count(a => a.Version == "v2") / answers.Count;
        Assert.InRange(v2Share, 10 - 1.5, 10 + 1.5);
        Assert.All(answers, answer => Assert.Equal(answer.Version, answer.StickyCookie));
    }

    [Fact]
    public async Task A_client_sending_its_cookie_back_stays_on_its_version_while_the_weights_stand()
    {
        await using var gateway = await StartGatewayAsync(weight: 50);
        using var client = gateway.Customer();
        using var admin = gateway.Admin();
        var firsts = await SendFromDistinctClientsAsync(client, 20);
        Assert.Contains(firsts, a => a.StickyCookie == "v1");
        Assert.Contains(firsts, a => a.StickyCookie == "v2");

        foreach (var first in firsts)
        {
            for (var i = 0; i < 10; i++)
            {
                var next = await SendAsync(client, "/api/orders/42", cookie: first.StickyCookie);
                Assert.Equal(first.StickyCookie, next.Version);
                Assert.Null(next.StickyCookie);
            }
        }

        // A new weight moves new clients, not the ones mid-checkout.
        Assert.Equal(HttpStatusCode.OK, (await PutWeightAsync(admin, new { v2 = 20 })).StatusCode);
        foreach (var first in firsts)
        {
            Assert.Equal(first.StickyCookie, (await SendAsync(client, cookie: first.StickyCookie)).Version);
        }
    }

    [Fact]
    public async Task An_operators_override_header_pins_a_request_whatever_the_weight()
    {
        await using var gateway = await StartGatewayAsync(weight: 0);
        using var client = gateway.Anonymous();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("v2", (await SendAsync(client, canary: "v2", asOperator: true)).Version);
            Assert.Equal("v1", (await SendAsync(client, canary: "v1", cookie: "v2", asOperator: true)).Version);
        }
    }

    [Fact]
    public async Task An_anonymous_override_header_is_ignored_and_the_weights_decide()
    {
        await using var gateway = await StartGatewayAsync(weight: 0);
        using var client = gateway.Anonymous();

        for (var i = 0; i < 20; i++)
        {
            var answer = await SendAsync(client, canary: "v2");
            Assert.Equal((HttpStatusCode.OK, "v1"), (answer.Status, answer.Version));
        }
    }

    [Fact]
    public async Task Override_traffic_is_left_out_of_the_analysis_window()
    {
        await using var gateway = await StartGatewayAsync(weight: 50);
        using var client = gateway.Anonymous();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("v2", (await SendAsync(client, canary: "v2", asOperator: true)).Version);
            Assert.Equal("v1", (await SendAsync(client, canary: "v1", asOperator: true)).Version);
        }

        var pinned = (await gateway.CanaryAsync(Cancellation)).GetProperty("versions");
        Assert.Equal((0, 0), (pinned.GetProperty("v1").GetProperty("requests").GetInt32(), pinned.GetProperty("v2").GetProperty("requests").GetInt32()));

        // The same requests from a sticky client do count: the window is working, the override is what is left out.
        await SendAsync(client, cookie: "v2");
        var counted = (await gateway.CanaryAsync(Cancellation)).GetProperty("versions");
        Assert.Equal(1, counted.GetProperty("v2").GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task A_customer_id_keeps_a_customer_on_one_version_without_a_cookie()
    {
        await using var gateway = await StartGatewayAsync(weight: 50);
        using var client = gateway.Customer();

        for (var customer = 0; customer < 10; customer++)
        {
            var versions = new HashSet<string?>();
            for (var i = 0; i < 10; i++)
            {
                versions.Add((await SendAsync(client, $"/api/orders?customerId=c-{customer}")).Version);
            }

            Assert.Single(versions);
        }
    }

    [Fact]
    public async Task Payments_reads_are_proxied_and_its_writes_are_not_reachable()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var client = gateway.Customer();

        var read = await SendAsync(client, "/api/payments/p-1");
        var write = await SendAsync(client, "/api/payments", method: HttpMethod.Post);

        Assert.Equal((HttpStatusCode.OK, "payments"), (read.Status, read.Version));
        Assert.Contains(write.Status, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Equal(1, Payments.Requests);
    }
}
