using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How a ReferenceApp API trusts a caller: a JWT access token from the identity service (configuration "Identity":
/// Authority, Audience), validated by JwtBearer with the issuer's discovery document and keys, and the policies of
/// <see cref="AccessPolicies"/>. Gateway, orders and payments call this one method, so the rules have one owner.
/// </summary>
public static class AuthenticationExtensions
{
    public const string IdentitySection = "Identity";

    public static TBuilder AddReferenceAppAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var identity = builder.Configuration.GetSection(IdentitySection);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                if (identity["Authority"] is { Length: > 0 } authority)
                {
                    options.Authority = authority;
                    // Inside the cluster (and locally) the issuer is reached over plain http; that is the deployer's
                    // choice, made by the authority's scheme, not a switch to forget in production.
                    options.RequireHttpsMetadata = authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                }

                options.Audience = identity["Audience"] is { Length: > 0 } audience ? audience : AccessPolicies.Audience;
                // Claims keep their JWT names ("sub", "role", "scope"), not the WS-* URIs of the old mapping.
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = AccessPolicies.SubjectClaim;
                options.TokenValidationParameters.RoleClaimType = AccessPolicies.RoleClaim;
                options.Events = new JwtBearerEvents
                {
                    OnChallenge = AuthenticationProblems.ChallengeAsync,
                    OnForbidden = AuthenticationProblems.ForbiddenAsync,
                };
            });

        // Without an issuer every call would be refused with a puzzling 401; refuse to start instead.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Validate(options => options.ConfigurationManager is not null,
                "Identity:Authority is required: the identity service's base URL (its issuer), set by the AppHost.")
            .ValidateOnStart();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.OrdersCustomer, policy => policy.RequireCustomer(AccessPolicies.OrdersScope))
            .AddPolicy(AccessPolicies.PaymentsCustomer, policy => policy.RequireCustomer(AccessPolicies.PaymentsScope))
            .AddPolicy(AccessPolicies.PaymentsCharge, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => AccessPolicies.HasScope(context.User, AccessPolicies.PaymentsChargeScope)))
            .AddPolicy(AccessPolicies.Operator, policy => policy.RequireRole(AccessPolicies.OperatorRole));
        return builder;
    }

    private static AuthorizationPolicyBuilder RequireCustomer(this AuthorizationPolicyBuilder policy, string scope) => policy
        .RequireAuthenticatedUser()
        .RequireClaim(AccessPolicies.SubjectClaim)
        .RequireAssertion(context => AccessPolicies.HasScope(context.User, scope));
}
