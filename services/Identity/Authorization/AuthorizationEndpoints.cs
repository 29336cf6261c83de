using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ReferenceApp.Identity.Authorization;

/// <summary>
/// The OpenID Connect endpoints OpenIddict passes through to the application: it has validated the request (client,
/// redirect URI, PKCE, scopes, permissions); these decide who the tokens are for.
/// </summary>
public static class AuthorizationEndpoints
{
    public const string Authorize = "/connect/authorize";
    public const string Token = "/connect/token";
    public const string EndSession = "/connect/endsession";

    public static void MapAuthorizationEndpoints(this WebApplication app)
    {
        app.MapMethods(Authorize, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).DisableAntiforgery();
        app.MapPost(Token, TokenAsync).DisableAntiforgery();
        app.MapMethods(EndSession, [HttpMethods.Get, HttpMethods.Post], EndSessionAsync).DisableAntiforgery();
    }

    /// <summary>A signed-in user gets a code for the client; anyone else is sent to the sign-in page and back here.</summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext context, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, TokenClaims claims)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login) || !await signIn.CanSignInAsync(user))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            // Back to this same request after signing in, minus prompt=login (or it would ask again forever).
            IEnumerable<KeyValuePair<string, StringValues>> received = context.Request.HasFormContentType ? context.Request.Form : context.Request.Query;
            var parameters = received
                .Where(p => !(p.Key == Parameters.Prompt && p.Value == PromptValues.Login))
                .ToDictionary(p => p.Key, p => p.Value);
            return Results.Challenge(
                new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + QueryString.Create(parameters) },
                [IdentityConstants.ApplicationScheme]);
        }

        var principal = await claims.ForUserAsync(user, request.GetScopes(), context.RequestAborted);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext context, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, TokenClaims claims)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            // OpenIddict has authenticated the client and checked it may ask for these scopes.
            var principal = await claims.ForClientAsync(request.ClientId!, request.GetScopes(), context.RequestAborted);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // The code or refresh token was validated by OpenIddict; the account is read again, so a user locked out
            // or deleted since gets no new token, and a changed role shows in the next one.
            var granted = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = await users.FindByIdAsync(granted.Principal?.GetClaim(Claims.Subject) ?? "");
            if (user is null || !await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
            {
                return Forbid(Errors.InvalidGrant, "The account can no longer sign in.");
            }

            var principal = await claims.ForUserAsync(user, granted.Principal!.GetScopes(), context.RequestAborted);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    /// <summary>Signs the user out of the provider, then OpenIddict returns to the client's post-logout URI.</summary>
    private static async Task<IResult> EndSessionAsync(SignInManager<IdentityUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
