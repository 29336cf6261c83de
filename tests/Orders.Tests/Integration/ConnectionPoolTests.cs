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

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=100", 100)]
    [InlineData("Host=db;Maximum Pool Size=7", 7)]
    [InlineData("Host=db;maxpoolsize=250", 250)]
    [InlineData("Host=db;Minimum Pool Size=2", PostgresDatabaseExtensions.DefaultMaxPoolSize)]
    public void A_pool_size_named_in_the_connection_string_is_kept(string connectionString, int expected)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        PostgresDatabaseExtensions.CapPoolSize(builder);

        Assert.Equal(expected, builder.MaxPoolSize);
    }
}
