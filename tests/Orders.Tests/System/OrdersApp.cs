using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Orders.Payments;

namespace ReferenceApp.Orders.Tests;

/// <summary>
/// The orders service in-process against a real database, its payments HttpClient wired to <see cref="PaymentsLink"/>;
/// it trusts tokens of the test key and calls payments with test client-credentials tokens (<see cref="TestTokens"/>).
/// (OrdersVersion names the assembly: this test project sees two Program types.)
/// </summary>
public sealed class OrdersApp(
    string connectionString, PaymentsLink link, string version, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    : WebApplicationFactory<OrdersVersion>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:ordersdb", connectionString);
        builder.UseSetting("Orders:Version", version);
        builder.UseSetting("services:payments:http:0", "http://payments.test");
        // Fast outbox for tests: these are delays, never pass/fail timings.
        builder.UseSetting("Orders:Outbox:PollIntervalMs", "20");
        builder.UseSetting("Orders:Outbox:BaseDelayMs", "20");
        builder.UseSetting("Orders:Outbox:MaxDelayMs", "200");
        builder.UseSetting("Orders:CardRelease:GraceMs", "20");
        builder.UseSetting("Orders:CardRelease:RetryDelayMs", "100");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(s =>
        {
            TestTokens.TrustTestIssuer(s);
            s.AddHttpClient<PaymentsClient>().ConfigurePrimaryHttpMessageHandler(link.CreateHandler);
            services?.Invoke(s);
        });
    }
}
