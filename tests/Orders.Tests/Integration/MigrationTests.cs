using System.Net.Http.Json;
using System.Text.Json;
using ReferenceApp.Payments.Tests;

namespace ReferenceApp.Orders.Tests.Integration;

public sealed class MigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Replicas_starting_together_on_an_empty_database_migrate_it_once()
    {
        var ordersDb = await postgres.NewDatabaseAsync("orders");
        await using var payments = new PaymentsApp(await postgres.NewDatabaseAsync("payments"));
        var link = new PaymentsLink(() => payments.Server.CreateHandler());
        await using var v1 = new OrdersApp(ordersDb, link, "v1", null, null);
        await using var v2 = new OrdersApp(ordersDb, link, "v2", null, null);

        // Both hosts start (and run their migrator) at the same time; the advisory lock serialises them.
        await Task.WhenAll(Task.Run(() => v1.Server), Task.Run(() => v2.Server));

        Assert.Equal(2, await OrdersSystem.ScalarAsync<long>(ordersDb, "select count(*) from schemaversions"));
        var fromV1 = await v1.CreateClient().GetFromJsonAsync<JsonElement>("/api/products");
        var fromV2 = await v2.CreateClient().GetFromJsonAsync<JsonElement>("/api/products");
        Assert.Equal(12, fromV1.GetArrayLength());
        Assert.Equal(fromV1.GetRawText(), fromV2.GetRawText());
    }
}
