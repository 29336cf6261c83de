using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ReferenceApp.Identity.Authorization;

/// <summary>
/// What the tokens say about a customer, an operator or a calling service: `sub`, `role`, the granted scopes and the
/// audience of those scopes. Each claim is given its destinations: access token, identity token or both.
/// </summary>
internal sealed class TokenClaims(UserManager<IdentityUser> users, IOpenIddictScopeManager scopes)
{
    public async Task<ClaimsPrincipal> ForUserAsync(IdentityUser user, IEnumerable<string> grantedScopes, CancellationToken cancellationToken)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, user.UserName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaims(Claims.Role, [.. await users.GetRolesAsync(user)]);
        return await WithScopesAsync(identity, grantedScopes, cancellationToken);
    }

    /// <summary>A service calling on its own behalf: the client is the subject (orders placed by the traffic generator belong to it).</summary>
    public Task<ClaimsPrincipal> ForClientAsync(string clientId, IEnumerable<string> grantedScopes, CancellationToken cancellationToken)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, clientId);
        return WithScopesAsync(identity, grantedScopes, cancellationToken);
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private async Task<ClaimsPrincipal> WithScopesAsync(ClaimsIdentity identity, IEnumerable<string> grantedScopes, CancellationToken cancellationToken)
    {
        var granted = grantedScopes.ToList();
        identity.SetScopes(granted);
        identity.SetResources(await scopes.ListResourcesAsync([.. granted], cancellationToken).ToListAsync(cancellationToken));
        identity.SetDestinations(claim => DestinationsOf(claim, granted));
        return new ClaimsPrincipal(identity);
    }

    private static IEnumerable<string> DestinationsOf(Claim claim, List<string> granted) => claim.Type switch
    {
        Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Role when granted.Contains(Scopes.Roles) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Role => [Destinations.AccessToken],
        Claims.Name when granted.Contains(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Name => [Destinations.AccessToken],
        Claims.Email when granted.Contains(Scopes.Email) => [Destinations.IdentityToken],
        // OpenIddict's own claims (e.g. the security stamp) stay out of the tokens.
        _ => [],
    };
}
