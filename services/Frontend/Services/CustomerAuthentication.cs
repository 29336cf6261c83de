using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// Customers sign in at the identity service (OpenID Connect, authorization code + PKCE, confidential client
/// <c>storefront</c>) and keep a session cookie holding their tokens (SaveTokens), which <see cref="GatewayTokenHandler"/>
/// sends to the gateway. Browsing and the cart stay anonymous; pages marked [Authorize] send the visitor to
/// <see cref="SignInPath"/> first, which starts the sign-in and comes back to the page.
/// </summary>
public static class CustomerAuthentication
{
    public const string AuthoritySetting = "Identity:Authority";
    public const string ClientIdSetting = "Identity:ClientId";
    public const string ClientSecretSetting = "Identity:ClientSecret";
    public const string CookieName = "storefront-session";
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";
    public const string OperatorRole = "operator";

    /// <summary>The contract's scopes for the storefront client (notes/identity-contract.md).</summary>
    public static readonly string[] Scopes = ["openid", "profile", "email", "roles", "offline_access", "orders", "payments"];

    public static void AddCustomerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                // [Authorize] pages redirect to the sign-in endpoint (cookie LoginPath), which challenges OpenID Connect.
                options.DefaultChallengeScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                // Lax, not Strict: the identity service's redirect back to the storefront is a top-level navigation.
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = SignInPath;
                options.AccessDeniedPath = "/not-found";
                options.ReturnUrlParameter = "returnUrl";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = AccessTokenRefresher.ValidateAsync;
                options.Events.OnRedirectToLogin = RedirectToSignInAsync;
            })
            .AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                var authority = configuration[AuthoritySetting];
                options.Authority = authority;
                options.ClientId = configuration[ClientIdSetting] ?? "storefront";
                options.ClientSecret = configuration[ClientSecretSetting];
                options.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back in the redirect's query (a plain top-level GET), not in an auto-posted form.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                options.SaveTokens = true;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = "role";
                // As the resource servers do (ServiceDefaults AddReferenceAppAuthentication): metadata over HTTPS whenever
                // the authority is HTTPS; a plain-HTTP authority is the local run's identity service (the AppHost runs
                // the storefront in Production there, so the environment cannot tell a local run apart).
                options.RequireHttpsMetadata = authority?.StartsWith("https:", StringComparison.OrdinalIgnoreCase) == true;
                options.Scope.Clear();
                foreach (var scope in Scopes)
                {
                    options.Scope.Add(scope);
                }

                options.Events.OnTokenValidated = CartMerge.OnSignedInAsync;
            });
    }

    /// <summary>GET /account/signin starts the sign-in; POST /account/signout (anti-forgery token required) ends it everywhere.</summary>
    public static void MapCustomerAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = LocalReturnUrl(returnUrl) },
                [OpenIdConnectDefaults.AuthenticationScheme]));

        endpoints.MapPost(SignOutPath, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        });
    }

    /// <summary>
    /// Blazor's enhanced navigation fetches pages in the background: a 302 would be followed by fetch on to the identity
    /// service (another origin) and fail. Blazor's own redirect header makes the browser load the sign-in page itself.
    /// </summary>
    private static Task RedirectToSignInAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (context.Request.Headers.ContainsKey(EnhancedNavigationHeader))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Headers[EnhancedNavigationRedirectHeader] = context.RedirectUri;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    public const string EnhancedNavigationHeader = "blazor-enhanced-nav";
    public const string EnhancedNavigationRedirectHeader = "blazor-enhanced-nav-redirect-location";

    /// <summary>A local path only (as Url.IsLocalUrl), otherwise the catalogue: the sign-in never sends a customer elsewhere.</summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl)
            ? url
            : "/";
}
