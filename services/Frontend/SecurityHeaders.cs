namespace ReferenceApp.Frontend;

public static class SecurityHeaders
{
    /// <summary>Pages are never framed by other sites and do not leak their URLs (order ids) to other origins.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return next(context);
        });
}
