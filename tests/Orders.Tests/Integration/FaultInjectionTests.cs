using System.Net;

namespace ReferenceApp.Orders.Tests.Integration;

public sealed class FaultInjectionTests(PostgresFixture postgres) : IAsyncLifetime
{
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync() => system = await OrdersSystem.StartAsync(postgres.Server, "v2",
        new Dictionary<string, string?> { ["Orders:Faults:FailureRate"] = "1" });

    public async ValueTask DisposeAsync() => await system.DisposeAsync();

    [Fact]
    public async Task A_failure_rate_of_one_fails_every_api_call_but_not_health()
    {
        var before = await system.CountAllAsync();

        var problem = await Problems.AssertAsync(await system.Client.GetAsync("/api/products"), HttpStatusCode.ServiceUnavailable);
        await Problems.AssertAsync(await system.PlaceAsync(Guid.NewGuid().ToString(), OrdersSystem.OrderJson()), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("Injected fault", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await system.Client.GetAsync("/alive")).StatusCode);
        Assert.Equal(before, await system.CountAllAsync());
    }
}
