using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Tests.Support;
using ReferenceApp.Testing;
using StackExchange.Redis;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>Fail safe without Redis (issue 14, item 4), end to end: a private redis-server stopped and started again on its port.</summary>
public sealed class CanaryRedisOutageTests(RedisFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task A_failing_v2_is_rolled_back_while_redis_is_down_and_the_rollback_is_stored_when_it_returns()
    {
        V2.FailEvery = 5;
        var ownRedis = await RedisServer.StartAsync(Cancellation);
        await using var gateway = new GatewayUnderTest(ownRedis.ConnectionString, V1, V2, Payments, weight: 50, extra: new Dictionary<string, string?>
        {
            ["Canary:Analysis:Interval"] = "00:00:00.100",
            ["Canary:Analysis:MinimumRequests"] = "50",
        });
        await gateway.WaitUntilSeededAsync(Cancellation);
        using var client = gateway.Anonymous();

        await ownRedis.DisposeAsync();
        var sent = 0;
        string? state;
        do
        {
            await SendFromDistinctClientsAsync(client, 10);
            sent += 10;
            state = (await gateway.CanaryAsync(Cancellation)).GetProperty("state").GetString();
        }
        while (state != "RolledBack" && sent < 20_000);

        Assert.Equal("RolledBack", state);
        Assert.All(await SendFromDistinctClientsAsync(client, 100), answer => Assert.Equal((HttpStatusCode.OK, "v1"), (answer.Status, answer.Version)));

        // Redis comes back on the same address, empty: the gateway stores its rollback at its next refresh.
        await using var back = await RedisOnPort.StartAsync(ownRedis.Port, Cancellation);
        var cache = gateway.Services.GetRequiredService<IConnectionMultiplexer>();
        var store = new RedisCanaryStateStore(cache, Options.Create(new CanaryOptions { StateKey = gateway.StateKey }), TimeProvider.System);
        await GatewayUnderTest.WaitForAsync(async () => await StoredOrNullAsync(store) is { State: CanaryState.RolledBack }, Cancellation);
        var stored = (await store.ReadAsync(Cancellation))!;
        Assert.Equal(0, stored.Weights.V2);

        // Another replica that never saw the rollback writes what it knew: the older decision, or a step made on it.
        Assert.False(await store.WriteAsync(stored with { State = CanaryState.Progressing, Weights = new CanaryWeights(50), Version = stored.Version - 1 }, Cancellation));
        Assert.False(await store.WriteAsync(stored with { State = CanaryState.Progressing, Weights = new CanaryWeights(75) }, Cancellation));
        Assert.Equal(stored, await store.ReadAsync(Cancellation));
        Assert.All(await SendFromDistinctClientsAsync(client, 100), answer => Assert.Equal("v1", answer.Version));
    }

    private static async Task<CanarySnapshot?> StoredOrNullAsync(RedisCanaryStateStore store)
    {
        try
        {
            return await store.ReadAsync(Cancellation);
        }
        catch (RedisException)
        {
            return null; // not reconnected yet
        }
    }
}
