using System.Net;
using Microsoft.AspNetCore.Identity;
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
    private SignedInStorefront shop = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        shop = new SignedInStorefront(redis.ConnectionString, await postgres.NewDatabaseAsync("frontend_refresh"), OrdersGateway(), clock);

    public async ValueTask DisposeAsync() => await shop.DisposeAsync();

    /// <summary>A gateway that answers the order history with no orders.</summary>
    internal static StubGateway OrdersGateway() => new((request, _) => request.RequestUri!.AbsolutePath == "/api/orders"
        ? StubGateway.Json(HttpStatusCode.OK, """{"items":[],"nextCursor":null}""")
        : new HttpResponseMessage(HttpStatusCode.NotFound));

    [Fact]
    public async Task A_token_with_more_than_a_minute_left_is_kept_and_in_the_last_minute_it_is_refreshed_once_for_the_gateway_call()
    {
        var (_, signedInAt) = await SignInAsync();
        var first = await shop.OrderHistoryTokenAsync();
        var lifetime = Lifetime(first);

        clock.SetUtcNow(signedInAt + lifetime - TimeSpan.FromSeconds(90));
        Assert.Equal(first, await shop.OrderHistoryTokenAsync());
        Assert.Equal(0, shop.Refreshes);

        clock.SetUtcNow(signedInAt + lifetime - TimeSpan.FromSeconds(30));
        var refreshed = await shop.OrderHistoryTokenAsync();
        Assert.Equal(1, shop.Refreshes);
        Assert.NotEqual(first, refreshed);
        Assert.Equal(Subject(first), Subject(refreshed));
        // exp counts whole seconds: a refresh within the sign-in's second expires with it.
        Assert.True(Expiry(refreshed) >= Expiry(first), $"{Expiry(refreshed)} < {Expiry(first)}");

        // The renewed session cookie holds the new token and its new expiry: no second refresh.
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(refreshed, await shop.OrderHistoryTokenAsync());
        Assert.Equal(refreshed, await shop.OrderHistoryTokenAsync());
        Assert.Equal(1, shop.Refreshes);
    }

    [Theory]
    [InlineData("locked out")]
    [InlineData("refresh token revoked")]
    public async Task A_refused_refresh_ends_the_session(string refusal)
    {
        var (customer, signedInAt) = await SignInAsync();
        var first = await shop.OrderHistoryTokenAsync();
        await using (var scope = shop.Identity.Services.CreateAsyncScope())
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

        var callsBefore = shop.GatewayCalls();
        clock.SetUtcNow(signedInAt + Lifetime(first) - TimeSpan.FromSeconds(30));
        using var refused = await shop.Browser.GetAsync("/orders", Cancellation);

        Assert.Equal(1, shop.Refreshes);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal($"{CustomerAuthentication.SignInPath}?returnUrl=%2Forders", refused.Headers.Location!.PathAndQuery);
        Assert.Equal(callsBefore, shop.GatewayCalls());

        // The session is gone, not merely refused once: the next page asks for sign-in without trying again.
        using var after = await shop.Browser.GetAsync("/orders", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(1, shop.Refreshes);
        Assert.Equal(callsBefore, shop.GatewayCalls());
    }

    /// <summary>A new customer signs in through the storefront and the identity service's pages; returns when (storefront clock).</summary>
    private async Task<(UserCredentials Customer, DateTimeOffset At)> SignInAsync()
    {
        var (customer, back) = await shop.StartSignInAsync();
        var at = clock.GetUtcNow();
        Assert.Equal("/orders", await shop.CompleteSignInAsync(back));
        Assert.Equal(0, shop.Refreshes);
        return (customer, at);
    }

    private static string Subject(string token) => TokenSet.PayloadOf(token).GetProperty("sub").GetString()!;

    private static DateTimeOffset Expiry(string token) => DateTimeOffset.FromUnixTimeSeconds(TokenSet.PayloadOf(token).GetProperty("exp").GetInt64());

    private static TimeSpan Lifetime(string token) =>
        Expiry(token) - DateTimeOffset.FromUnixTimeSeconds(TokenSet.PayloadOf(token).GetProperty("iat").GetInt64());
}
