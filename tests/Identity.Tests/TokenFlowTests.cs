using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ReferenceApp.Identity.Tests;

/// <summary>The authorization code + PKCE flow and client credentials issue the JWT access tokens the contract describes.</summary>
public sealed class TokenFlowTests(PostgresFixture postgres) : IAsyncLifetime
{
    private IdentityApp app = null!;

    public async ValueTask InitializeAsync() => app = new IdentityApp(await postgres.NewDatabaseAsync("identity_tokens"));

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_registered_customer_gets_a_signed_access_token_for_the_api_with_sub_role_and_scopes()
    {
        var tokens = app.Tokens;
        var customer = await tokens.RegisterCustomerAsync(cancellationToken: TestContext.Current.CancellationToken);

        var issued = await tokens.SignInAsync(customer, IdentityApp.Storefront, cancellationToken: TestContext.Current.CancellationToken);

        var claims = await ValidatedClaimsAsync(issued.AccessToken);
        Assert.False(string.IsNullOrEmpty(claims["sub"] as string));
        Assert.Equal("customer", claims["role"]);
        Assert.Equal("referenceapp-api", claims["aud"]);
        Assert.Equal("storefront", claims["client_id"]);
        var scopes = ((string)claims["scope"]).Split(' ');
        Assert.Contains("orders", scopes);
        Assert.Contains("payments", scopes);
        Assert.DoesNotContain("payments.charge", scopes);
        Assert.NotNull(issued.IdToken);
        Assert.NotNull(issued.RefreshToken);
    }

    [Fact]
    public async Task The_same_customer_signing_in_twice_has_the_same_subject_and_another_customer_another()
    {
        var tokens = app.Tokens;
        var a = await tokens.RegisterCustomerAsync(cancellationToken: TestContext.Current.CancellationToken);
        var b = await tokens.RegisterCustomerAsync(cancellationToken: TestContext.Current.CancellationToken);

        var first = await tokens.SignInAsync(a, IdentityApp.Storefront, cancellationToken: TestContext.Current.CancellationToken);
        var second = await tokens.SignInAsync(a, IdentityApp.Storefront, cancellationToken: TestContext.Current.CancellationToken);
        var other = await tokens.SignInAsync(b, IdentityApp.Storefront, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Subject, second.Subject);
        Assert.NotEqual(first.Subject, other.Subject);
    }

    [Fact]
    public async Task The_seeded_operator_has_the_operator_role()
    {
        var issued = await app.Tokens.SignInAsync(IdentityApp.Operator, IdentityApp.Storefront, cancellationToken: TestContext.Current.CancellationToken);

        var claims = await ValidatedClaimsAsync(issued.AccessToken);
        Assert.Equal("operator", claims["role"]);
    }

    [Fact]
    public async Task Orders_service_gets_a_payments_charge_token_for_itself_with_client_credentials()
    {
        var issued = await app.Tokens.ClientCredentialsAsync(IdentityApp.OrdersService, "payments.charge", TestContext.Current.CancellationToken);

        var claims = await ValidatedClaimsAsync(issued.AccessToken);
        Assert.Equal("orders-service", claims["sub"]);
        Assert.Equal("orders-service", claims["client_id"]);
        Assert.Equal("payments.charge", claims["scope"]);
        Assert.Equal("referenceapp-api", claims["aud"]);
        Assert.False(claims.ContainsKey("role"));
    }

    [Fact]
    public async Task A_client_cannot_get_a_scope_it_was_not_given_nor_a_token_with_a_wrong_secret()
    {
        var tokens = app.Tokens;

        var wrongScope = await Assert.ThrowsAsync<IdentityFlowException>(() =>
            tokens.ClientCredentialsAsync(IdentityApp.OrdersService, "orders", TestContext.Current.CancellationToken));
        var wrongSecret = await Assert.ThrowsAsync<IdentityFlowException>(() =>
            tokens.ClientCredentialsAsync(IdentityApp.OrdersService with { ClientSecret = "guess" }, "payments.charge", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, wrongScope.Status);
        // OpenIddict names a scope the client has no permission for an invalid request about that scope.
        Assert.Contains("scope", wrongScope.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.Status);
        Assert.Contains("invalid_client", wrongSecret.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_code_flow_without_PKCE_is_refused()
    {
        using var browser = app.Tokens.NewBrowser();
        var redirect = Uri.EscapeDataString(IdentityApp.Storefront.RedirectUri!.ToString());

        using var response = await browser.Http.GetAsync(
            $"connect/authorize?client_id=storefront&response_type=code&scope=openid%20orders&redirect_uri={redirect}&state=s",
            TestContext.Current.CancellationToken);

        // OpenIddict answers a request it cannot trust with an error page (or an error redirect), never a code.
        var location = response.Headers.Location?.ToString() ?? "";
        Assert.DoesNotContain("code=", location, StringComparison.Ordinal);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest || location.Contains("error=invalid_request", StringComparison.Ordinal),
            $"{response.StatusCode} {location}");
    }

    /// <summary>The token's claims after validating its signature, issuer and audience against the published JWKS.</summary>
    private async Task<IDictionary<string, object>> ValidatedClaimsAsync(string accessToken)
    {
        using var http = app.CreateClient();
        var jwks = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks", TestContext.Current.CancellationToken));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = "http://localhost/",
            ValidAudience = "referenceapp-api",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
        return result.Claims;
    }
}
