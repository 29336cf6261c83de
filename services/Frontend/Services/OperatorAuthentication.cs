using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// The operator's sign-in for the operations page: the operator proves they hold the gateway admin key
/// (<c>Frontend:GatewayAdminKey</c>) and get a short-lived, HttpOnly, SameSite=Strict cookie. The cookie is
/// data-protected with the key ring in Redis, so every replica accepts it. The key itself never leaves the server.
/// </summary>
public static class OperatorAuthentication
{
    public const string CookieName = "operator";
    public const string SignInPath = "/operations/sign-in";
    public const string SignOutPath = "/operations/sign-out";
    public const string OperationsPath = "/operations";

    /// <summary>The operator-key cookie's own scheme, beside the customers' sign-in (<see cref="CustomerAuthentication"/>).</summary>
    public const string Scheme = "Operator";

    /// <summary>
    /// The operations page's policy: a customer account with the role <c>operator</c> (signed in at the identity
    /// service), or, as break-glass, the operator-key cookie. Both sessions are read; a visitor with neither is sent to
    /// <see cref="SignInPath"/> (the last scheme's challenge), which offers both ways in.
    /// </summary>
    public const string Policy = "operator";

    public static void AddOperatorAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(Scheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Sent only to the operations pages, never with the storefront's requests.
                options.Cookie.Path = OperationsPath;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = SignInPath;
                options.AccessDeniedPath = SignInPath;
                options.ReturnUrlParameter = "returnUrl";
            });
        services.AddAuthorization(options => options.AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, Scheme)
            .RequireAssertion(context => context.User.IsInRole(CustomerAuthentication.OperatorRole)
                                         || context.User.Identities.Any(identity => identity.IsAuthenticated && identity.AuthenticationType == Scheme))));
        services.AddCascadingAuthenticationState();
    }

    /// <summary>Whether the submitted key is the gateway admin key, compared in constant time (over SHA-256 hashes,
    /// so neither the content nor the length leaks through timing). No key configured: nobody signs in.</summary>
    public static bool IsOperatorKey(string? submitted, string? configured)
    {
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(submitted))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(submitted)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
    }

    /// <summary>Where to go after signing in: a local path only (as Url.IsLocalUrl), otherwise the operations page.</summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl)
            ? url
            : OperationsPath;

    public static Task SignInAsync(HttpContext context) =>
        context.SignInAsync(Scheme,
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], Scheme)),
            new AuthenticationProperties { IsPersistent = false });

    /// <summary>POST /operations/sign-out (anti-forgery token required): ends the operator's session.</summary>
    public static void MapOperatorSignOut(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(SignOutPath, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await context.SignOutAsync(Scheme);
            return Results.LocalRedirect(SignInPath);
        })
        // Read the operator's sessions as the operations page did, so its anti-forgery token matches the same user.
        .RequireAuthorization(Policy);
}
