using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReferenceApp.Testing;

namespace ReferenceApp.TrafficGenerator.Tests;

public sealed class ShopperJourneyTests : IAsyncLifetime
{
    private readonly TestTokens.ServiceTokens tokens = new("traffic-generator");
    private FakeGateway gateway = null!;
    private IHost host = null!;

    public async ValueTask InitializeAsync()
    {
        gateway = await FakeGateway.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TrafficGenerator:GatewayUrl"] = gateway.Url });
        builder.AddApplicationServices();
        builder.Services.AddSingleton<IAccessTokenSource>(tokens);
        host = builder.Build(); // not started: the test drives the journey itself instead of the timed loop
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        await gateway.DisposeAsync();
    }

    [Fact]
    public async Task Each_shopper_sends_back_only_its_own_canary_cookie()
    {
        var shoppers = Enumerable.Range(1, 6).Select(i => new Shopper($"shopper-{i}")).ToArray();

        for (var round = 0; round < 3; round++)
        {
            foreach (var shopper in shoppers)
            {
                await Journey().BrowseAndMaybeOrderAsync(shopper, placeOrder: false, TestContext.Current.CancellationToken);
            }
        }

        foreach (var shopper in shoppers)
        {
            var sent = gateway.CookiesByCustomer[shopper.CustomerId].ToArray();
            Assert.Equal(["", $"canary-version={shopper.CanaryCookie}", $"canary-version={shopper.CanaryCookie}"], sent);
        }

        Assert.Contains(shoppers, s => s.CanaryCookie == "v1");
        Assert.Contains(shoppers, s => s.CanaryCookie == "v2");
    }

    [Fact]
    public async Task An_order_carries_an_idempotency_key_the_customer_a_catalogue_product_and_the_test_card()
    {
        var shopper = new Shopper("shopper-7");

        await Journey().BrowseAndMaybeOrderAsync(shopper, placeOrder: true, TestContext.Current.CancellationToken);

        var (key, body) = Assert.Single(gateway.Orders);
        Assert.True(Guid.TryParse(key, out _));
        using var order = JsonDocument.Parse(body);
        Assert.Equal("shopper-7", order.RootElement.GetProperty("customerId").GetString());
        var item = Assert.Single(order.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("coffee-beans-1kg", item.GetProperty("productId").GetString());
        Assert.InRange(item.GetProperty("quantity").GetInt32(), 1, 3);
        Assert.Equal("4242424242424242", order.RootElement.GetProperty("card").GetProperty("number").GetString());
    }

    [Fact]
    public async Task An_order_is_placed_with_the_generators_own_client_credentials_token()
    {
        await Journey().BrowseAndMaybeOrderAsync(new Shopper("shopper-8"), placeOrder: true, TestContext.Current.CancellationToken);

        var authorization = Assert.Single(gateway.OrderAuthorizations);
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(authorization["Bearer ".Length..]);
        Assert.Equal("traffic-generator", token.Subject);
        Assert.Equal("orders", token.GetClaim("scope").Value);
    }

    private ShopperJourney Journey() => host.Services.GetRequiredService<ShopperJourney>();
}
