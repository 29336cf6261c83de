using ReferenceApp.Identity.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReferenceApp.Identity.Accounts;

namespace ReferenceApp.Identity.Seeding;

/// <summary>The demo customer and the operator, with the configured passwords (reset when the parameter changed).</summary>
internal sealed class DemoUserSeeder(UserManager<IdentityUser> users, IOptions<DemoUserOptions> options, ILogger<DemoUserSeeder> logger) : ISeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        await SeedAsync(demo.CustomerUserName, demo.CustomerPassword, Roles.Customer);
        await SeedAsync(demo.OperatorUserName, demo.OperatorPassword, Roles.Operator);
    }

    private async Task SeedAsync(string userName, string? password, string role)
    {
        if (string.IsNullOrEmpty(password))
        {
            return;
        }

        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            user = new IdentityUser { UserName = userName, Email = userName, EmailConfirmed = true };
            RoleSeeder.Succeeded(await users.CreateAsync(user, password), userName);
            logger.LogInformation("Demo user {UserName} created.", userName);
        }
        else if (!await users.CheckPasswordAsync(user, password))
        {
            RoleSeeder.Succeeded(await users.RemovePasswordAsync(user), userName);
            RoleSeeder.Succeeded(await users.AddPasswordAsync(user, password), userName);
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            RoleSeeder.Succeeded(await users.AddToRoleAsync(user, role), userName);
        }
    }
}
