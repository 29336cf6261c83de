using System.Net;
using System.Web;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

/// <summary>
/// Which pages need the customer's sign-in (real Redis, stubbed gateway): checkout, order history and order status
/// send an anonymous visitor to the sign-in, which starts the authorization code + PKCE flow at the identity service;
/// the catalogue and the cart stay anonymous.
/// </summary>
public sealed class CustomerSignInTests(RedisFixture redis) : IAsyncDisposable
{
    private const string Authority = "https://identity.test/";

    private readonly StubGateway gateway = new((request, _) => request.RequestUri!.AbsolutePath == "/api/products"
        ? StubGateway.Json(HttpStatusCode.OK, """[{"id":"espresso-machine","name":"Barista Pro Espresso Machine","price":349.00,"currency":"EUR"}]""")
        : new HttpResponseMessage(HttpStatusCode.NotFound));

    private FrontendReplica? replica;

    [Theory]
    [InlineData("/checkout", "%2Fcheckout")]
    [InlineData("/orders", "%2Forders")]
    [InlineData("/orders/0f8b2c1e-6a57-4b7f-9d8e-2a1c3b4d5e6f", "%2Forders%2F0f8b2c1e-6a57-4b7f-9d8e-2a1c3b4d5e6f")]
    public async Task A_page_with_a_customers_orders_sends_an_anonymous_visitor_to_sign_in_and_calls_no_service(string path, string returnUrl)
    {
        using var client = Client();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{CustomerAuthentication.SignInPath}?returnUrl={returnUrl}", response.Headers.Location!.PathAndQuery);
        Assert.Empty(gateway.Received);
    }

    [Fact]
    public async Task An_enhanced_navigation_to_checkout_is_told_to_load_the_sign_in_page_itself()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/checkout");
        request.Headers.Add(CustomerAuthentication.EnhancedNavigationHeader, "on");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var location = Assert.Single(response.Headers.GetValues(CustomerAuthentication.EnhancedNavigationRedirectHeader));
        Assert.EndsWith($"{CustomerAuthentication.SignInPath}?returnUrl=%2Fcheckout", location, StringComparison.Ordinal);
        Assert.Empty(gateway.Received);
    }

    [Fact]
    public async Task The_catalogue_and_the_cart_stay_anonymous_and_offer_the_sign_in()
    {
        using var client = Client();

        var catalogue = await client.GetAsync("/");
        var cart = await client.GetAsync("/cart");

        Assert.Equal(HttpStatusCode.OK, catalogue.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cart.StatusCode);
        Assert.Contains("href=\"/account/signin?returnUrl=%2Fcart\"", await cart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // An anonymous catalogue call carries no token.
        Assert.All(gateway.Received, received => Assert.Null(received.Request.Headers.Authorization));
    }

    [Fact]
    public async Task Signing_in_starts_the_code_flow_with_pkce_as_the_storefront_client_with_the_contracts_scopes()
    {
        using var client = Client();

        var response = await client.GetAsync("/account/signin?returnUrl=%2Fcheckout");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(Authority + "connect/authorize", location.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("storefront", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.Equal("http://localhost/signin-oidc", query["redirect_uri"]);
        Assert.Equal(CustomerAuthentication.Scopes.Order(StringComparer.Ordinal), query["scope"]!.Split(' ').Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/checkout", "/checkout")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData(null, "/")]
    public void After_signing_in_the_customer_returns_only_to_a_local_page(string? returnUrl, string expected) =>
        Assert.Equal(expected, CustomerAuthentication.LocalReturnUrl(returnUrl));

    [Fact]
    public async Task Signing_out_without_the_anti_forgery_token_is_refused()
    {
        using var client = Client();

        var response = await client.PostAsync(CustomerAuthentication.SignOutPath, new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (replica is not null)
        {
            await replica.DisposeAsync();
        }
    }

    private HttpClient Client()
    {
        replica = new FrontendReplica(redis.ConnectionString, gateway)
        {
            // The identity service's discovery document, as it would answer it (no identity service runs here).
            ConfigureTestServices = services => services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                options.Configuration = new OpenIdConnectConfiguration
                {
                    Issuer = Authority,
                    AuthorizationEndpoint = Authority + "connect/authorize",
                    TokenEndpoint = Authority + "connect/token",
                    EndSessionEndpoint = Authority + "connect/endsession",
                };
                options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(options.Configuration);
            }),
        };
        return replica.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(new CookieContainer()));
    }
}
