namespace ReferenceApp.Frontend.Services;

/// <summary>
/// The anonymous customer: a random id kept in a long-lived, HttpOnly cookie. Any replica can read it,
/// so the cart (in Redis) and the order history follow the browser, not the process.
/// </summary>
public sealed class CustomerIdentity(IHttpContextAccessor httpContextAccessor)
{
    public const string CookieName = "customer";
    private const string ItemKey = "ReferenceApp.CustomerId";

    /// <summary>
    /// The current request's customer id: the signed-in customer's <c>sub</c> (the id orders and payments know them by),
    /// otherwise the anonymous id (set by <see cref="CustomerCookieMiddleware"/>).
    /// </summary>
    public string CustomerId =>
        SignedInSubject
        ?? httpContextAccessor.HttpContext?.Items[ItemKey] as string
        ?? throw new InvalidOperationException("No customer id: CustomerCookieMiddleware must run before the page.");

    public bool IsSignedIn => SignedInSubject is not null;

    /// <summary>How the signed-in customer is greeted: their name, else their email.</summary>
    public string? DisplayName =>
        httpContextAccessor.HttpContext?.User is { Identity.IsAuthenticated: true } user
            ? user.FindFirst("name")?.Value ?? user.FindFirst("email")?.Value
            : null;

    private string? SignedInSubject =>
        httpContextAccessor.HttpContext?.User is { Identity.IsAuthenticated: true } user
        && user.FindFirst("sub")?.Value is { Length: > 0 } subject
            ? subject
            : null;

    internal static void Ensure(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var value) && IsValid(value))
        {
            context.Items[ItemKey] = value;
            return;
        }

        var id = Guid.NewGuid().ToString("N");
        context.Items[ItemKey] = id;
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
            Path = "/",
        });
    }

    /// <summary>Only our own format is accepted, so a tampered cookie can never reach a Redis key or a query string as-is.</summary>
    internal static bool IsValid(string? value) =>
        value is { Length: 32 } && Guid.TryParseExact(value, "N", out _);
}

public static class CustomerCookieMiddleware
{
    public static IApplicationBuilder UseCustomerCookie(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Probes and scrapes are not visitors.
            if (!context.Request.Path.StartsWithSegments(Extensions.HealthPath)
                && !context.Request.Path.StartsWithSegments(Extensions.AlivePath)
                && !context.Request.Path.StartsWithSegments(Extensions.MetricsPath))
            {
                CustomerIdentity.Ensure(context);
            }

            return next(context);
        });
}
