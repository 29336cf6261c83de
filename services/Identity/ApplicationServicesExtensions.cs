using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferenceApp.Identity.Accounts;
using ReferenceApp.Identity.Authorization;
using ReferenceApp.Identity.Keys;
using ReferenceApp.Identity.Seeding;
using ReferenceApp.Identity.Storage;

namespace ReferenceApp.Identity;

public static class ApplicationServicesExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Retries off: Identity and OpenIddict run their own transactions, which EF's retrying strategy refuses.
        builder.AddNpgsqlDbContext<IdentityDb>("identitydb",
            settings => settings.DisableRetry = true,
            options => options.UseOpenIddict());
        builder.Services.AddHostedService<IdentityDatabaseStartup>();
        builder.Services.AddScoped<ISeeder, RoleSeeder>();
        builder.Services.AddScoped<ISeeder, ScopeSeeder>();
        builder.Services.AddScoped<ISeeder, ClientSeeder>();
        builder.Services.AddScoped<ISeeder, DemoUserSeeder>();
        builder.Services.AddOptions<DemoUserOptions>().BindConfiguration(DemoUserOptions.Section);

        // Cookies and anti-forgery tokens stay valid across restarts and replicas.
        builder.Services.AddDataProtection().SetApplicationName("ReferenceApp.Identity").PersistKeysToDbContext<IdentityDb>();

        builder.Services.AddIdentity<IdentityUser, IdentityRole>(AccountRules.Defaults)
            .AddEntityFrameworkStores<IdentityDb>()
            .AddDefaultTokenProviders();
        builder.Services.Configure<IdentityOptions>(builder.Configuration.GetSection(AccountRules.Section));
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.LogoutPath = "/Account/Logout";
            cookie.Cookie.Name = "referenceapp.identity";
        });

        builder.AddOpenIdConnectServer();
        builder.Services.AddRazorPages();
        builder.Services.AddProblemDetails();
    }
}
