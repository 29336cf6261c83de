namespace ReferenceApp.Orders;

public static class ApplicationServicesExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("ordersdb");
        builder.Services.AddSingleton(OrdersVersion.FromConfiguration(builder.Configuration));
    }
}
