namespace ReferenceApp.SystemTests;

/// <summary>The split, stickiness and override, measured through the running gateway against the two real orders versions.</summary>
public class CanaryRoutingTests(SystemFixture system)
{
    [Fact]
    public async Task Ten_thousand_distinct_clients_split_within_one_and_a_half_points_of_the_weight()
    {
        using var gateway = await GatewayClient.SignedInAsync(system.Host);
        var canary = await gateway.CanaryAsync();
        var weight = canary.GetProperty("weights").GetProperty("v2").GetInt32();
        Assert.Equal(10, weight);

        const int clients = 10_000;
        var v2 = 0;
        var answered = 0;
        await Parallel.ForAsync(0, clients, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var (status, version, _) = await gateway.GetProductsAsync();
            if (status == 200)
            {
                Interlocked.Increment(ref answered);
            }

            if (version == "v2")
            {
                Interlocked.Increment(ref v2);
            }
        });

        Assert.Equal(clients, answered);
        Assert.Equal("Progressing", (await gateway.CanaryAsync()).GetProperty("state").GetString());
        Assert.InRange(100.0 * v2 / clients, weight - 1.5, weight + 1.5);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_client_that_returns_its_cookie_stays_on_its_version(string version)
    {
        using var gateway = await GatewayClient.SignedInAsync(system.Host);
        string? cookie = null;
        for (var attempt = 0; attempt < 500 && cookie is null; attempt++)
        {
            var first = await gateway.GetProductsAsync();
            cookie = first.Version == version ? first.StickyCookie : null;
        }

        Assert.Equal($"canary-version={version}", cookie);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(version, (await gateway.GetProductsAsync(cookie)).Version);
        }
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task The_canary_header_pins_a_request_to_a_version(string version)
    {
        using var gateway = await GatewayClient.SignedInAsync(system.Host);

        for (var i = 0; i < 50; i++)
        {
            var answer = await gateway.GetProductsAsync(canary: version);
            Assert.Equal(200, answer.Status);
            Assert.Equal(version, answer.Version);
        }
    }
}
