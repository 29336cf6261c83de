using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ReferenceApp.Identity.Storage;

namespace ReferenceApp.Identity.Tests;

/// <summary>
/// The identity service in-process against a real database, with the contract's clients configured and token keys
/// in <paramref name="keyDirectory"/> (a fresh folder unless a test shares one between two apps).
/// </summary>
public sealed class IdentityApp(string connectionString, string? keyDirectory = null, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development")
    : WebApplicationFactory<IdentityDb>
{
    public const string StorefrontSecret = "storefront-secret-for-tests";
    public const string OrdersSecret = "orders-secret-for-tests";
    public const string TrafficSecret = "traffic-secret-for-tests";
    public const string OperatorPassword = "operator password for tests";
    public static readonly Uri StorefrontUrl = new("https://storefront.test/");

    public static readonly IdentityClient Storefront = new("storefront", StorefrontSecret, new Uri(StorefrontUrl, "signin-oidc"));
    public static readonly IdentityClient OrdersService = new("orders-service", OrdersSecret);
    public static readonly IdentityClient TrafficGenerator = new("traffic-generator", TrafficSecret);
    public static readonly UserCredentials Operator = new("operator@referenceapp.test", OperatorPassword);

    public string KeyDirectory { get; } = keyDirectory ?? Directory.CreateTempSubdirectory("identity-keys-").FullName;

    /// <summary>The flows against this in-memory server (WebApplicationFactory's base address is http://localhost).</summary>
    public IdentityTokens Tokens => new(Server.BaseAddress, Server.CreateHandler);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:identitydb", connectionString);
        builder.UseSetting("Identity:Keys:DevelopmentDirectory", KeyDirectory);
        builder.UseSetting("Identity:Storefront:Secret", StorefrontSecret);
        builder.UseSetting("Identity:Storefront:Urls", StorefrontUrl.ToString());
        builder.UseSetting("Identity:OrdersService:Secret", OrdersSecret);
        builder.UseSetting("Identity:TrafficGenerator:Secret", TrafficSecret);
        builder.UseSetting("Identity:DemoUsers:OperatorPassword", OperatorPassword);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
