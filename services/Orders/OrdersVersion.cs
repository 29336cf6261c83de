namespace ReferenceApp.Orders;

/// <summary>Which release of the orders service this process is: v1 (stable) or v2 (canary). Set by the AppHost or the Deployment.</summary>
public sealed record OrdersVersion(string Name)
{
    public const string HeaderName = "X-Orders-Version";

    public bool IsCanary => Name == "v2";

    public static OrdersVersion FromConfiguration(IConfiguration configuration)
    {
        var name = configuration["Orders:Version"] ?? "v1";
        return name is "v1" or "v2"
            ? new OrdersVersion(name)
            : throw new InvalidOperationException($"Orders:Version must be 'v1' or 'v2', not '{name}'.");
    }
}

public static class OrdersVersionHeader
{
    /// <summary>Every response says which version served it, so canary traffic is visible to clients and tests.</summary>
    public static IApplicationBuilder UseOrdersVersionHeader(this IApplicationBuilder app)
    {
        var version = app.ApplicationServices.GetRequiredService<OrdersVersion>();
        return app.Use((context, next) =>
        {
            // OnStarting, not a header set now: the exception handler clears headers before writing its problem response.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[OrdersVersion.HeaderName] = version.Name;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
