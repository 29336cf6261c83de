using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace ReferenceApp.Gateway.Operators;

/// <summary>Who may call the admin API: an operator's access token, or the break-glass key when it is switched on.</summary>
public static class AdminAuthorization
{
    public const string Policy = "gateway-admin";

    public static void AddAdminAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BreakGlassAuthenticationHandler>(BreakGlassAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, BreakGlassAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(AccessPolicies.OperatorRole));
    }

    /// <summary>An X-Canary override is an operator's: a token with role operator, or the break-glass key when on.</summary>
    public static bool IsOperator(HttpContext context, GatewayOptions gateway) =>
        context.User.IsInRole(AccessPolicies.OperatorRole)
        || (gateway.AdminKeyBreakGlass && AdminCredential.IsPresentedBy(context.Request, gateway.AdminKey));
}
