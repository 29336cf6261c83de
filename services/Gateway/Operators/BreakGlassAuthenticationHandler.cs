using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Operators;

/// <summary>
/// The documented break-glass (docs/gateway-admin-api.md): with Gateway:AdminKeyBreakGlass on, the right X-Admin-Key
/// authenticates its caller as an operator. With it off, or without the header, this scheme has nothing to say and the
/// bearer token decides. It never answers a challenge itself: the bearer scheme writes the one 401/403 problem.
/// </summary>
public sealed class BreakGlassAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<GatewayOptions> gateway)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "BreakGlassAdminKey";

    /// <summary>The subject break-glass calls are recorded under (logs, traces), so they stand out from people.</summary>
    public const string Subject = "break-glass";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = gateway.CurrentValue;
        if (!settings.AdminKeyBreakGlass || !Request.Headers.ContainsKey(AdminCredential.HeaderName))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!AdminCredential.IsPresentedBy(Request, settings.AdminKey))
        {
            return Task.FromResult(AuthenticateResult.Fail("The X-Admin-Key is not the break-glass key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(AccessPolicies.SubjectClaim, Subject), new Claim(AccessPolicies.RoleClaim, AccessPolicies.OperatorRole)],
            SchemeName, AccessPolicies.SubjectClaim, AccessPolicies.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Task.CompletedTask;

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Task.CompletedTask;
}
