namespace ReferenceApp.Frontend;

public static class ApplicationServicesExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("cache");
        builder.Services.AddHttpClient("gateway", client => client.BaseAddress = new Uri("http://gateway"));
    }
}
