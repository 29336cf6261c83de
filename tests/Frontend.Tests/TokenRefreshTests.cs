extern alias identity;

using System.Net;
using System.Web;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenIddict.Abstractions;
using ReferenceApp.Frontend.Services;
using ReferenceApp.Testing.Identity;

namespace ReferenceApp.Frontend.Tests;

/// <summary>
/// The storefront keeps a signed-in customer's access token usable (<see cref="AccessTokenRefresher"/>) against the real
/// identity service (in memory, real PostgreSQL) and a stubbed gateway that records the tokens it is sent. The storefront
/// runs on a fake clock; the identity service on the real one, so the fake clock starts at the real time and only moves on
/// after the sign-in. The customer's page is the order history, whose gateway call carries the session's token.
/// </summary>
public sealed class TokenRefreshTests(RedisFixture redis, PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly StubGateway gateway = new((request, _) => request.RequestUri!.AbsolutePath == "/api/orders"
        ? StubGateway.Json(HttpStatusCode.OK, """{"items":[],"nextCursor":null}""")
        : new HttpResponseMessage(HttpStatusCode.NotFound));

    private readonly RefreshCounter refreshes = new();
    private IdentityService identityService = null!;
    private FrontendReplica storefront = null!;
    private HttpClient browser = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        identityService = new IdentityService(await postgres.NewDatabaseAsync("frontend_refresh"));
        refreshes.InnerHandler = identityService.Server.CreateHandler();
        storefront = new FrontendReplica(redis.ConnectionString, gateway, ("Identity:Authority", IdentityService.Authority.ToString()))
        {
            ConfigureTestServices = services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                // Configure, not PostConfigure: the handler's own post-configuration builds the backchannel from it.
                services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options => options.BackchannelHttpHandler = refreshes);
            },
        };
        browser = storefront.CreateDefaultClient(IdentityService.StorefrontUrl, new CookieContainerHandler(new CookieContainer()));
    }

    public async ValueTask DisposeAsync()
    {
        browser.Dispose();
        await storefront.DisposeAsync();
        await identityService.DisposeAsync();
        refreshes.Dispose();
    }

    [Fact]
    public async Task A_token_with_more_than_a_minute_left_is_kept_and_in_the_last_minute_it_is_refreshed_once_for_the_gateway_call()
    {
        var (_, signedInAt) = await SignInAsync();
        var first = await OrderHistoryTokenAsync();
        var lifetime = Lifetime(first);

        clock.SetUtcNow(signedInAt + lifetime - TimeSpan.FromSeconds(90));
        Assert.Equal(first, await OrderHistoryTokenAsync());
        Assert.Equal(0, refreshes.Count);

        clock.SetUtcNow(signedInAt + lifetime - TimeSpan.FromSeconds(30));
        var refreshed = await OrderHistoryTokenAsync();
        Assert.Equal(1, refreshes.Count);
        Assert.NotEqual(first, refreshed);
        Assert.Equal(Subject(first), Subject(refreshed));
        // exp counts whole seconds: a refresh within the sign-in's second expires with it.
        Assert.True(Expiry(refreshed) >= Expiry(first), $"{Expiry(refreshed)} < {Expiry(first)}");

        // The renewed session cookie holds the new token and its new expiry: no second refresh.
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(refreshed, await OrderHistoryTokenAsync());
        Assert.Equal(refreshed, await OrderHistoryTokenAsync());
        Assert.Equal(1, refreshes.Count);
    }

    [Theory]
    [InlineData("locked out")]
    [InlineData("refresh token revoked")]
    public async Task A_refused_refresh_ends_the_session(string refusal)
    {
        var (customer, signedInAt) = await SignInAsync();
        var first = await OrderHistoryTokenAsync();
        await using (var scope = identityService.Services.CreateAsyncScope())
        {
            if (refusal == "locked out")
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
                var user = await users.FindByEmailAsync(customer.Email);
                Assert.True((await users.SetLockoutEndDateAsync(user!, DateTimeOffset.UtcNow.AddDays(1))).Succeeded);
            }
            else
            {
                var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
                var revoked = 0;
                await foreach (var token in tokens.FindBySubjectAsync(Subject(first), Cancellation))
                {
                    revoked += await tokens.TryRevokeAsync(token, Cancellation) ? 1 : 0;
                }

                Assert.True(revoked > 0);
            }
        }

        var callsBefore = GatewayCalls();
        clock.SetUtcNow(signedInAt + Lifetime(first) - TimeSpan.FromSeconds(30));
        using var refused = await browser.GetAsync("/orders", Cancellation);

        Assert.Equal(1, refreshes.Count);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal($"{CustomerAuthentication.SignInPath}?returnUrl=%2Forders", refused.Headers.Location!.PathAndQuery);
        Assert.Equal(callsBefore, GatewayCalls());

        // The session is gone, not merely refused once: the next page asks for sign-in without trying again.
        using var after = await browser.GetAsync("/orders", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(1, refreshes.Count);
        Assert.Equal(callsBefore, GatewayCalls());
    }

    /// <summary>A new customer signs in through the storefront and the identity service's pages; returns when (storefront clock).</summary>
    private async Task<(UserCredentials Customer, DateTimeOffset At)> SignInAsync()
    {
        var identity = new IdentityTokens(IdentityService.Authority, identityService.Server.CreateHandler);
        var customer = await identity.RegisterCustomerAsync(cancellationToken: Cancellation);
        using var identityBrowser = identity.NewBrowser();

        var toIdentity = Location(await browser.GetAsync("/account/signin?returnUrl=%2Forders", Cancellation));
        var toSignIn = await identity.ExpectRedirectAsync("Authorization request", await identityBrowser.Http.GetAsync(toIdentity, Cancellation), Cancellation);
        var signedIn = await identityBrowser.SubmitFormAsync(toSignIn, new Dictionary<string, string>
        {
            ["Email"] = customer.Email,
            ["Password"] = customer.Password,
            ["ReturnUrl"] = HttpUtility.ParseQueryString(toSignIn.Query)["ReturnUrl"] ?? "",
        }, Cancellation);
        var backToAuthorize = await identity.ExpectRedirectAsync("Sign-in", signedIn, Cancellation);
        var toStorefront = await identity.ExpectRedirectAsync("Authorization after sign-in",
            await identityBrowser.Http.GetAsync(backToAuthorize, Cancellation), Cancellation);
        Assert.StartsWith(new Uri(IdentityService.StorefrontUrl, "signin-oidc").ToString(), toStorefront.ToString(), StringComparison.Ordinal);

        var at = clock.GetUtcNow();
        var landed = Location(await browser.GetAsync(toStorefront, Cancellation));
        Assert.Equal("/orders", landed.IsAbsoluteUri ? landed.AbsolutePath : landed.OriginalString);
        Assert.Equal(0, refreshes.Count);
        return (customer, at);
    }

    /// <summary>Opens the order history and returns the access token its gateway call carried.</summary>
    private async Task<string> OrderHistoryTokenAsync()
    {
        var callsBefore = GatewayCalls();
        using var page = await browser.GetAsync("/orders", Cancellation);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        lock (gateway.Received)
        {
            var call = Assert.Single(gateway.Received.Skip(callsBefore));
            Assert.Equal("/api/orders", call.Request.RequestUri!.AbsolutePath);
            Assert.Equal("Bearer", call.Request.Headers.Authorization?.Scheme);
            return call.Request.Headers.Authorization!.Parameter!;
        }
    }

    private int GatewayCalls()
    {
        lock (gateway.Received)
        {
            return gateway.Received.Count;
        }
    }

    private static Uri Location(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}");
            return response.Headers.Location!;
        }
    }

    private static string Subject(string token) => TokenSet.PayloadOf(token).GetProperty("sub").GetString()!;

    private static DateTimeOffset Expiry(string token) => DateTimeOffset.FromUnixTimeSeconds(TokenSet.PayloadOf(token).GetProperty("exp").GetInt64());

    private static TimeSpan Lifetime(string token) =>
        Expiry(token) - DateTimeOffset.FromUnixTimeSeconds(TokenSet.PayloadOf(token).GetProperty("iat").GetInt64());

    /// <summary>The storefront's backchannel to the identity service, counting the refresh-token grants it sends.</summary>
    private sealed class RefreshCounter : DelegatingHandler
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.Content is not null
                && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains("grant_type=refresh_token", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
