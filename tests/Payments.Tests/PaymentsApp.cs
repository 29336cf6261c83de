using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReferenceApp.Payments.Storage;
using ReferenceApp.Testing;

namespace ReferenceApp.Payments.Tests;

/// <summary>
/// The payments service in-process against a real database, trusting tokens of the test key (<see cref="TestTokens"/>).
/// (PaymentStore names the assembly: Orders.Tests sees two Program types.)
/// </summary>
public sealed class PaymentsApp(
    string connectionString, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<PaymentStore>
{
    public string ConnectionString { get; } = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:paymentsdb", ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(TestTokens.TrustTestIssuer);
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>The orders service as payments sees it: client credentials with scope payments.charge.</summary>
    public HttpClient OrdersService() => CreateClient().WithToken(TestTokens.Service("orders-service", "payments.charge"));

    /// <summary>A signed-in customer reading its own payments.</summary>
    public HttpClient Customer(string customerId) => CreateClient().WithToken(TestTokens.Customer(customerId));

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
