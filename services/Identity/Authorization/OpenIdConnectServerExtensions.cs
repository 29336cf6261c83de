using ReferenceApp.Identity.Keys;
using ReferenceApp.Identity.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ReferenceApp.Identity.Authorization;

public static class OpenIdConnectServerExtensions
{
    /// <summary>
    /// OpenIddict as the OpenID Connect provider: authorization code + PKCE for the storefront, client credentials
    /// for services, refresh tokens; JWT access tokens signed but not encrypted, so every resource server validates
    /// them with the standard JwtBearer handler and the published JWKS.
    /// </summary>
    public static void AddOpenIdConnectServer(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ProviderOptions.Section).Get<ProviderOptions>() ?? new ProviderOptions();
        builder.Services.AddOptions<ProviderOptions>().BindConfiguration(ProviderOptions.Section);
        var keys = TokenKeys.Load(builder.Configuration.GetSection(KeyOptions.Section).Get<KeyOptions>() ?? new KeyOptions(), builder.Environment);
        builder.Services.AddSingleton(keys);
        builder.Services.AddScoped<TokenClaims>();

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(AuthorizationEndpoints.Authorize)
                    .SetTokenEndpointUris(AuthorizationEndpoints.Token)
                    .SetEndSessionEndpointUris(AuthorizationEndpoints.EndSession);
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowClientCredentialsFlow()
                    .AllowRefreshTokenFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess,
                    ApiScopes.Orders, ApiScopes.Payments, ApiScopes.PaymentsCharge);
                if (settings.Issuer is not null)
                {
                    server.SetIssuer(settings.Issuer);
                }

                server.AddSigningKey(keys.Signing).AddEncryptionKey(keys.Encryption);
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableStatusCodePagesIntegration()
                    // TLS ends before the service (the ingress in Kubernetes, plain http locally).
                    .DisableTransportSecurityRequirement();
            });
    }
}
