namespace ReferenceApp.Frontend;

public static class SecurityHeaders
{
    public const string IdentityAuthoritySetting = "Identity:Authority";

    /// <summary>
    /// Powerful features no page of the storefront uses; denied so that injected content cannot use them either.
    /// (The checkout takes cards in a plain form, not through the Payment Request API.)
    /// </summary>
    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    /// <summary>HSTS over HTTPS only (browsers ignore it over HTTP); localhost is exempt so local runs stay on plain HTTP.</summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) =>
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));

    /// <summary>
    /// Pages are never framed by other sites, do not leak their URLs (order ids) to other origins, load scripts, styles
    /// and connections (Blazor's enhanced navigation; a circuit's WebSocket) only from the storefront itself, and post
    /// forms only to it or to the identity provider the sign-in redirects to.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var contentSecurityPolicy = ContentSecurityPolicy(configuration[IdentityAuthoritySetting]);
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return next(context);
        });
        return app.UseHsts();
    }

    public static string ContentSecurityPolicy(string? identityAuthority)
    {
        var formAction = Uri.TryCreate(identityAuthority, UriKind.Absolute, out var authority)
            ? $"'self' {authority.GetLeftPart(UriPartial.Authority)}"
            : "'self'";
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            // The favicon is an empty data: URL (App.razor).
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action {formAction}",
            "frame-ancestors 'none'");
    }
}
