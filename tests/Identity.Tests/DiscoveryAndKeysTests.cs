using System.Text.Json;
using Microsoft.Extensions.Hosting;
using ReferenceApp.Identity.Keys;

namespace ReferenceApp.Identity.Tests;

/// <summary>
/// Resource servers find everything through discovery; the keys they cache must be the same after a restart, and a
/// production start without configured keys must fail instead of inventing new ones.
/// </summary>
public sealed class DiscoveryAndKeysTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Discovery_names_the_endpoints_flows_scopes_and_the_key_set()
    {
        await using var app = new IdentityApp(await postgres.NewDatabaseAsync("identity_discovery"));
        using var http = app.CreateClient();

        var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration", TestContext.Current.CancellationToken)).RootElement;
        var jwks = JsonDocument.Parse(await http.GetStringAsync(discovery.GetProperty("jwks_uri").GetString(), TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal("http://localhost/", discovery.GetProperty("issuer").GetString());
        Assert.Equal("http://localhost/connect/authorize", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("http://localhost/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/connect/endsession", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Contains("S256", Strings(discovery, "code_challenge_methods_supported"));
        Assert.Contains("authorization_code", Strings(discovery, "grant_types_supported"));
        Assert.Contains("client_credentials", Strings(discovery, "grant_types_supported"));
        Assert.DoesNotContain("password", Strings(discovery, "grant_types_supported"));
        Assert.Superset(new HashSet<string> { "openid", "orders", "payments", "payments.charge", "roles", "offline_access" }, Strings(discovery, "scopes_supported").ToHashSet());
        var signing = Assert.Single(jwks.GetProperty("keys").EnumerateArray(), key => key.GetProperty("use").GetString() == "sig");
        Assert.Equal("RSA", signing.GetProperty("kty").GetString());
        Assert.False(string.IsNullOrEmpty(signing.GetProperty("kid").GetString()));
    }

    [Fact]
    public async Task Two_starts_with_the_same_key_material_publish_the_same_keys_and_other_material_other_keys()
    {
        var keyDirectory = Directory.CreateTempSubdirectory("identity-keys-").FullName;
        var database = await postgres.NewDatabaseAsync("identity_keys");

        var first = await JwksAsync(new IdentityApp(database, keyDirectory));
        var second = await JwksAsync(new IdentityApp(database, keyDirectory));
        var other = await JwksAsync(new IdentityApp(database));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.True(File.Exists(Path.Combine(keyDirectory, TokenKeys.SigningFileName)));
    }

    [Fact]
    public async Task A_token_issued_before_a_restart_validates_against_the_keys_published_after_it()
    {
        var keyDirectory = Directory.CreateTempSubdirectory("identity-keys-").FullName;
        var database = await postgres.NewDatabaseAsync("identity_restart");
        string token;
        await using (var before = new IdentityApp(database, keyDirectory))
        {
            token = (await before.Tokens.ClientCredentialsAsync(IdentityApp.OrdersService, "payments.charge", TestContext.Current.CancellationToken)).AccessToken;
        }

        await using var after = new IdentityApp(database, keyDirectory);
        using var http = after.CreateClient();
        var jwks = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks", TestContext.Current.CancellationToken));
        var result = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(token, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            ValidIssuer = "http://localhost/",
            ValidAudience = "referenceapp-api",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });

        Assert.True(result.IsValid, result.Exception?.ToString());
    }

    [Fact]
    public async Task Production_refuses_to_start_without_configured_key_files()
    {
        await using var app = new IdentityApp(await postgres.NewDatabaseAsync("identity_production"), environment: Environments.Production);

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Identity:Keys:SigningKeyFile", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_starts_with_key_files_and_publishes_their_key()
    {
        var keyDirectory = Directory.CreateTempSubdirectory("identity-keys-").FullName;
        var database = await postgres.NewDatabaseAsync("identity_keyfiles");
        var development = await JwksAsync(new IdentityApp(database, keyDirectory));

        var production = await JwksAsync(new IdentityApp(database, keyDirectory, environment: Environments.Production, settings: new Dictionary<string, string?>
        {
            ["Identity:Keys:DevelopmentDirectory"] = "",
            ["Identity:Keys:SigningKeyFile"] = Path.Combine(keyDirectory, TokenKeys.SigningFileName),
            ["Identity:Keys:EncryptionKeyFile"] = Path.Combine(keyDirectory, TokenKeys.EncryptionFileName),
        }));

        Assert.Equal(development, production);
    }

    [Fact]
    public async Task Replicas_starting_together_on_one_database_seed_it_once()
    {
        var database = await postgres.NewDatabaseAsync("identity_concurrent");
        await using var a = new IdentityApp(database);
        await using var b = new IdentityApp(database);

        await Task.WhenAll(Task.Run(a.CreateClient, TestContext.Current.CancellationToken), Task.Run(b.CreateClient, TestContext.Current.CancellationToken));

        // Both serve, and the clients exist once: each replica can issue tokens.
        Assert.NotEmpty((await a.Tokens.ClientCredentialsAsync(IdentityApp.OrdersService, "payments.charge", TestContext.Current.CancellationToken)).AccessToken);
        Assert.NotEmpty((await b.Tokens.ClientCredentialsAsync(IdentityApp.OrdersService, "payments.charge", TestContext.Current.CancellationToken)).AccessToken);
    }

    private static async Task<string> JwksAsync(IdentityApp app)
    {
        await using (app)
        {
            using var http = app.CreateClient();
            return await http.GetStringAsync("/.well-known/jwks", TestContext.Current.CancellationToken);
        }
    }

    private static IEnumerable<string> Strings(JsonElement document, string property) =>
        document.GetProperty(property).EnumerateArray().Select(e => e.GetString()!);
}
