using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Operators;

namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>Reads a request's <see cref="VersionHints"/> and remembers a client's version in the sticky cookie.</summary>
public sealed class VersionStickiness
{
    /// <summary>Sticky cookie: "v1" or "v2".</summary>
    public const string CookieName = "canary-version";

    /// <summary>Operator's override: pins one request to "v1" or "v2"; honoured only from an operator.</summary>
    public const string OverrideHeader = "X-Canary";

    /// <summary>A customer id keys the choice when no cookie is there yet.</summary>
    public const string CustomerHeader = "X-Customer-Id";

    public const string CustomerQuery = "customerId";

    private readonly CookieOptions cookieOptions;
    private readonly IOptionsMonitor<GatewayOptions> gateway;

    public VersionStickiness(IOptions<CanaryOptions> options, IOptionsMonitor<GatewayOptions> gateway)
    {
        this.gateway = gateway;
        // One instance for all responses: the cookie's attributes never vary.
        cookieOptions = new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            MaxAge = options.Value.StickyFor,
        };
    }

    public VersionHints Read(HttpContext context)
    {
        var request = context.Request;
        return new VersionHints(
            OperatorOverride(context),
            StickyVersion(request.Headers),
            CustomerBucketOf(request));
    }

    public void Remember(HttpContext context, CanaryVersion version) =>
        context.Response.Cookies.Append(CookieName, version.Name(), cookieOptions);

    /// <summary>
    /// Anyone can send X-Canary; only an operator may steer with it, or outside traffic could force or hold off a rollback.
    /// From anyone but an operator (role in the token, or the break-glass key when on) the header is ignored and the request
    /// is routed like any other (no error: it is harmless). Checked only when the header is there, so ordinary requests pay nothing.
    /// </summary>
    private CanaryVersion? OperatorOverride(HttpContext context) =>
        Parse(context.Request.Headers[OverrideHeader]) is { } pinned && AdminAuthorization.IsOperator(context, gateway.CurrentValue)
            ? pinned
            : null;

    private static CanaryVersion? Parse(string? value) =>
        value is not null && CanaryVersions.TryParse(value, out var version) ? version : null;

    /// <summary>
    /// Finds our cookie in the Cookie header(s) by scanning spans: request.Cookies would parse every cookie of the
    /// request into a dictionary, on every proxied request, to read one value.
    /// </summary>
    private static CanaryVersion? StickyVersion(IHeaderDictionary headers)
    {
        foreach (var header in headers.Cookie)
        {
            if (header is not null && TryFindCookie(header, out var value) && CanaryVersions.TryParse(value, out var version))
            {
                return version;
            }
        }

        return null;
    }

    private static bool TryFindCookie(ReadOnlySpan<char> header, out ReadOnlySpan<char> value)
    {
        while (!header.IsEmpty)
        {
            var end = header.IndexOf(';');
            var pair = end < 0 ? header : header[..end];
            header = end < 0 ? default : header[(end + 1)..];
            var equals = pair.IndexOf('=');
            if (equals > 0 && pair[..equals].Trim().SequenceEqual(CookieName))
            {
                value = pair[(equals + 1)..].Trim().Trim('"');
                return true;
            }
        }

        value = default;
        return false;
    }

    private static int? CustomerBucketOf(HttpRequest request)
    {
        string? customerId = request.Headers[CustomerHeader];
        if (string.IsNullOrEmpty(customerId) && request.QueryString.HasValue)
        {
            customerId = request.Query[CustomerQuery];
        }

        return string.IsNullOrWhiteSpace(customerId) ? null : CustomerBucket.Of(customerId);
    }
}
