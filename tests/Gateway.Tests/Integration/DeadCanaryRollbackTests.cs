using System.Diagnostics;
using System.Net.Http.Json;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>
/// A dead v2 is rolled back (issue 14, item 2): health checks take it out so it gets no traffic to reach its minimum
/// sample, yet being marked down is an outcome of its own. Reads and writes, with the gateway's own health checks on.
/// </summary>
public sealed class DeadCanaryRollbackTests(RedisFixture redis) : GatewayTestBase(redis)
{
    private static readonly Dictionary<string, string?> Analysis = new()
    {
        ["Canary:Analysis:Interval"] = "00:00:01",
        ["Canary:Analysis:MinimumRequests"] = "50",
    };

    [Fact]
    public async Task A_dead_v2_is_rolled_back_under_reads()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: Analysis);
        using var client = gateway.Anonymous();
        await SendFromDistinctClientsAsync(client, 20);

        var stopped = Stopwatch.StartNew();
        await V2.StopAsync();
        await GatewayUnderTest.WaitForAsync(async () =>
        {
            await SendFromDistinctClientsAsync(client, 4);
            return (await gateway.CanaryAsync(Cancellation)).GetProperty("state").GetString() == "RolledBack";
        }, Cancellation);

        TestContext.Current.TestOutputHelper?.WriteLine($"reads: rolled back {stopped.ElapsedMilliseconds} ms after v2 stopped (analysis interval 1 s)");
        Assert.Contains("marked down by health checks", (await gateway.CanaryAsync(Cancellation)).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(V2.Requests < 50, "v2 never reached the minimum sample: only being marked down can have rolled it back");
    }

    [Fact]
    public async Task A_dead_v2_is_rolled_back_under_writes()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: Analysis);
        using var client = gateway.Anonymous();

        var stopped = Stopwatch.StartNew();
        await V2.StopAsync();
        await GatewayUnderTest.WaitForAsync(async () =>
        {
            // Keyless orders from new clients: those that land on v2 fail (not retried), the others are served by v1.
            for (var i = 0; i < 4; i++)
            {
                using var _ = await client.PostAsJsonAsync("/api/orders", new { customerId = "c-" + i }, Cancellation);
            }

            return (await gateway.CanaryAsync(Cancellation)).GetProperty("state").GetString() == "RolledBack";
        }, Cancellation);

        TestContext.Current.TestOutputHelper?.WriteLine($"writes: rolled back {stopped.ElapsedMilliseconds} ms after v2 stopped (analysis interval 1 s)");
        Assert.Contains("marked down by health checks", (await gateway.CanaryAsync(Cancellation)).GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
