using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReferenceApp.PostgresDatabase;

namespace ReferenceApp.Orders.Tests.Integration;

public sealed class ConnectionPoolTests(OrdersSystemFixture fixture) : IClassFixture<OrdersSystemFixture>
{
    [Fact]
    public void A_service_pools_at_most_40_connections_by_default()
    {
        var dataSource = fixture.System.Orders.Services.GetRequiredService<NpgsqlDataSource>();

        Assert.Equal(PostgresDatabaseExtensions.DefaultMaxPoolSize, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize);
    }
}
