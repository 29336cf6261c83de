using ReferenceApp.PostgresDatabase;
using Microsoft.AspNetCore.Http.Json;
using ReferenceApp.Payments.Charging;
using ReferenceApp.Payments.Domain;
using ReferenceApp.Payments.Storage;
using ReferenceApp.Payments.Telemetry;

namespace ReferenceApp.Payments;

public static class ApplicationServicesExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresDatabase("paymentsdb", typeof(ApplicationServicesExtensions).Assembly);
        builder.AddReferenceAppAuthentication();

        builder.Services.AddValidatedOptions<ProviderOptions, ProviderOptionsValidator>(ProviderOptions.SectionName);
        builder.Services.AddSingleton<ICardProvider, SimulatedCardProvider>();
        builder.Services.AddSingleton<CardVault>();
        builder.Services.AddSingleton<PaymentStore>();
        builder.Services.AddSingleton<PaymentsMetrics>();
        builder.Services.AddSingleton<CardCharging>();

        builder.Services.AddBadRequestProblems();
    }
}
