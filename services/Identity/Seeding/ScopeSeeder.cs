using ReferenceApp.Identity.Storage;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using ReferenceApp.Identity.Authorization;

namespace ReferenceApp.Identity.Seeding;

/// <summary>The API scopes, each naming the audience its tokens are for (OpenIddict adds it as `aud`).</summary>
internal sealed class ScopeSeeder(IOpenIddictScopeManager scopes, IOptions<ProviderOptions> options) : ISeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var name in ApiScopes.All)
        {
            var descriptor = new OpenIddictScopeDescriptor { Name = name, DisplayName = name, Resources = { options.Value.Audience } };
            var existing = await scopes.FindByNameAsync(name, cancellationToken);
            if (existing is null)
            {
                await scopes.CreateAsync(descriptor, cancellationToken);
            }
            else
            {
                await scopes.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }
    }
}
