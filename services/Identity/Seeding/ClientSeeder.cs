using ReferenceApp.Identity.Storage;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using ReferenceApp.Identity.Authorization;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ReferenceApp.Identity.Seeding;

/// <summary>
/// The clients of the contract, created or brought up to date (secret, redirect URIs) at every start.
/// A client whose secret is not configured is not seeded: it cannot authenticate anyway.
/// </summary>
internal sealed class ClientSeeder(IOpenIddictApplicationManager applications, IOptions<ProviderOptions> options, ILogger<ClientSeeder> logger) : ISeeder
{
    public const string Storefront = "storefront";
    public const string OrdersService = "orders-service";
    public const string TrafficGenerator = "traffic-generator";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await SeedAsync(StorefrontClient(settings.Storefront), cancellationToken);
        await SeedAsync(ServiceClient(OrdersService, "Orders service", settings.OrdersService, ApiScopes.PaymentsCharge), cancellationToken);
        await SeedAsync(ServiceClient(TrafficGenerator, "Traffic generator", settings.TrafficGenerator, ApiScopes.Orders), cancellationToken);
    }

    private async Task SeedAsync(OpenIddictApplicationDescriptor? descriptor, CancellationToken cancellationToken)
    {
        if (descriptor is null)
        {
            return;
        }

        var existing = await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
            logger.LogInformation("Client {ClientId} created.", descriptor.ClientId);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }

    private static OpenIddictApplicationDescriptor? StorefrontClient(ClientSettings settings)
    {
        var urls = settings.BaseUrls().ToList();
        if (string.IsNullOrEmpty(settings.Secret) || urls.Count == 0)
        {
            return null;
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = Storefront,
            ClientSecret = settings.Secret,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            // First-party: the customer signed in to the shop, there is nothing to consent to.
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Storefront",
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Roles,
                Permissions.Prefixes.Scope + ApiScopes.Orders,
                Permissions.Prefixes.Scope + ApiScopes.Payments,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var url in urls)
        {
            descriptor.RedirectUris.Add(new Uri(url, StorefrontPaths.SignInCallback));
            descriptor.PostLogoutRedirectUris.Add(new Uri(url, StorefrontPaths.SignOutCallback));
        }

        return descriptor;
    }

    private static OpenIddictApplicationDescriptor? ServiceClient(string clientId, string displayName, ClientSettings settings, string scope) =>
        string.IsNullOrEmpty(settings.Secret) ? null : new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = settings.Secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = displayName,
            Permissions =
            {
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.ClientCredentials,
                Permissions.Prefixes.Scope + scope,
            },
        };
}
