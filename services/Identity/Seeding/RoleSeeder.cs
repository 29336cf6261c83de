using ReferenceApp.Identity.Storage;
using Microsoft.AspNetCore.Identity;
using ReferenceApp.Identity.Accounts;

namespace ReferenceApp.Identity.Seeding;

internal sealed class RoleSeeder(RoleManager<IdentityRole> roles) : ISeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Succeeded(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }
    }

    internal static void Succeeded(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
