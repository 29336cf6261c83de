using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Frontend.Services;
using ReferenceApp.Testing.Identity;

namespace ReferenceApp.Frontend.Tests;

/// <summary>
/// Redis (the carts) dies while a customer is signing in: between the storefront sending them to the identity service and
/// the identity service sending them back. The sign-in still succeeds, without the merge of the anonymous cart, and the
/// session (a cookie, not in Redis) works: the order history calls the gateway with the customer's token. A Redis server
/// of this test's own, really stopped.
/// </summary>
public sealed class RedisOutageSignInTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Redis_killed_mid_sign_in_the_sign_in_succeeds_without_the_cart_merge_and_the_session_works()
    {
        var redis = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        var stopped = false;
        await using var shop = new SignedInStorefront(redis.ConnectionString, await postgres.NewDatabaseAsync("frontend_outage"), TokenRefreshTests.OrdersGateway());
        try
        {
            // An anonymous visitor with something in the cart (the customer cookie is set on the first page).
            using (var first = await shop.Browser.GetAsync("/", TestContext.Current.CancellationToken))
            {
                Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            }

            var anonymous = shop.Cookies.GetCookies(IdentityService.StorefrontUrl)[CustomerIdentity.CookieName]?.Value;
            Assert.NotNull(anonymous);
            var carts = shop.Storefront.Services.GetRequiredService<CartStore>();
            await carts.AddAsync(anonymous, new Product("espresso-machine", "Barista Pro Espresso Machine", 349.00m, "EUR"));

            var (_, backToStorefront) = await shop.StartSignInAsync();
            await redis.DisposeAsync();
            stopped = true;

            Assert.Equal("/orders", await shop.CompleteSignInAsync(backToStorefront));
            Assert.Contains(shop.Warnings, warning =>
                warning.StartsWith(typeof(CartMerge).FullName + ":", StringComparison.Ordinal) && warning.Contains("could not be merged", StringComparison.Ordinal));

            var token = await shop.OrderHistoryTokenAsync();
            Assert.False(string.IsNullOrEmpty(TokenSet.PayloadOf(token).GetProperty("sub").GetString()));
            Assert.Equal(token, await shop.OrderHistoryTokenAsync());
        }
        finally
        {
            if (!stopped)
            {
                await redis.DisposeAsync();
            }
        }
    }
}
