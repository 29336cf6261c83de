using ReferenceApp.PostgresDatabase;
using ReferenceApp.Orders.Hosting;
using ReferenceApp.Orders.Ordering;
using ReferenceApp.Orders.Outbox;
using ReferenceApp.Orders.Payments;
using ReferenceApp.Orders.Storage;
using ReferenceApp.Orders.Telemetry;

namespace ReferenceApp.Orders;

public static class ApplicationServicesExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresDatabase("ordersdb", typeof(ApplicationServicesExtensions).Assembly);
        builder.AddReferenceAppAuthentication();
        builder.Services.AddSingleton(OrdersVersion.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHostedService<OutboxBacklogMonitor>();
        builder.Services.AddSingleton<CardReleases>();
        builder.Services.AddHostedService<CardReleaser>();
        builder.Services.AddSingleton<OrdersMetrics>();

        builder.Services.AddValidatedOptions<OutboxOptions, OutboxOptionsValidator>(OutboxOptions.SectionName);
        builder.Services.AddValidatedOptions<CardReleaseOptions, CardReleaseOptionsValidator>(CardReleaseOptions.SectionName);
        builder.Services.AddValidatedOptions<FaultOptions, FaultOptionsValidator>(FaultOptions.SectionName);

#pragma warning disable EXTEXP0001 // Experimental, but the supported way to opt one client out of ConfigureHttpClientDefaults.
        builder.Services.AddHttpClient<PaymentsClient>(http =>
            {
                // Resolved by service discovery (services__payments__http__0, injected by the AppHost).
                http.BaseAddress = new Uri("http://payments");
                http.Timeout = TimeSpan.FromSeconds(10);
            })
            // The outbox has its own backoff; stacked standard retries would only multiply the waiting.
            .RemoveAllResilienceHandlers()
            // Orders calls payments on its own behalf: client credentials (orders-service), scope payments.charge.
            .AddClientCredentialsToken(AccessPolicies.PaymentsChargeScope);
#pragma warning restore EXTEXP0001

        builder.Services.AddSingleton<Catalog>();
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddScoped<OrderPlacement>();
        builder.Services.AddScoped<OrderCancellation>();
        builder.Services.AddScoped<PaymentDispatch>();

        builder.Services.AddBadRequestProblems();
    }
}
