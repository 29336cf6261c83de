extern alias identity;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using IdentityDb = identity::ReferenceApp.Identity.Storage.IdentityDb;

namespace ReferenceApp.Frontend.Tests;

/// <summary>
/// The real identity service in memory on a real PostgreSQL database, with the storefront registered as its client at
/// <see cref="StorefrontUrl"/> and the secret <see cref="FrontendReplica"/> uses. Reached at <see cref="Authority"/>
/// through <see cref="WebApplicationFactory{TEntryPoint}.Server"/>'s handler (its issuer is the URL it is called at).
/// </summary>
internal sealed class IdentityService(string connectionString) : WebApplicationFactory<IdentityDb>
{
    public static readonly Uri Authority = new("http://identity.test/");
    public static readonly Uri StorefrontUrl = new("https://localhost/");

    private readonly string keyDirectory = Directory.CreateTempSubdirectory("identity-keys-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:identitydb", connectionString);
        builder.UseSetting("Identity:Keys:DevelopmentDirectory", keyDirectory);
        builder.UseSetting("Identity:Storefront:Secret", FrontendReplica.StorefrontSecret);
        builder.UseSetting("Identity:Storefront:Urls", StorefrontUrl.ToString());
        builder.UseSetting("Identity:DemoUsers:OperatorPassword", "operator password for tests");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(keyDirectory, recursive: true);
    }
}
