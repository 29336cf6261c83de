using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReferenceApp.Testing;

namespace ReferenceApp.Orders.Tests.Integration;

/// <summary>Restarts PostgreSQL under the services, so it has a server of its own.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private PostgresServer server = null!;
    private OrdersSystem system = null!;

    public async ValueTask InitializeAsync()
    {
        server = await PostgresServer.StartAsync();
        system = await OrdersSystem.StartAsync(server);
    }

    public async ValueTask DisposeAsync()
    {
        await system.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_postgres_restart_mid_flow_loses_no_accepted_order()
    {
        system.Link.ChargesDown = true; // keep the first orders in the outbox across the restart
        var accepted = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            accepted.Add((await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "restart"))).GetProperty("id").GetString()!);
        }

        await server.StopAsync();
        var whileDown = await system.PlaceAsync(Guid.NewGuid().ToString(), OrdersSystem.OrderJson(customerId: "restart"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.Equal("application/problem+json", whileDown.Content.Headers.ContentType?.MediaType);
        await server.StartAgainAsync();
        system.Link.ChargesDown = false;

        // Clients retry with the same key; pooled connections broken by the restart may fail a first attempt.
        for (var i = 0; i < 4; i++)
        {
            accepted.Add(await PlaceWithRetriesAsync(Guid.NewGuid().ToString()));
        }

        var statuses = await system.WaitUntilSettledAsync(accepted);
        Assert.All(accepted, id => Assert.Equal("Paid", statuses[id]));
        var payments = system.PaymentsReader();
        foreach (var id in accepted)
        {
            Assert.Equal(1, (await payments.GetFromJsonAsync<JsonElement>($"/api/payments?orderId={id}")).GetArrayLength());
        }
    }

    private async Task<string> PlaceWithRetriesAsync(string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await system.PlaceAsync(key, OrdersSystem.OrderJson(customerId: "restart"));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            }

            Assert.True(attempt < 50 && response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }
}
