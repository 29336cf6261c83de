using ReferenceApp.Frontend.Services;
using StackExchange.Redis;

namespace ReferenceApp.Frontend.Tests;

/// <summary>The cart against a real redis-server: what a frontend replica, or a restarted frontend, reads back.</summary>
public sealed class CartStoreTests(RedisFixture redis) : CartStoreContract(redis);

/// <summary>The same cart against Garnet: its Lua scripts, transactions and expiry must behave as on Redis.</summary>
public sealed class CartStoreOnGarnetTests(GarnetFixture garnet) : CartStoreContract(garnet);

/// <summary>What the cart does, whichever Redis-compatible server holds it.</summary>
public abstract class CartStoreContract(CacheFixture redis)
{
    private static readonly Product Beans = new("coffee-beans-1kg", "Single-Origin Coffee Beans 1 kg", 24.90m, "EUR");
    private static readonly Product Machine = new("espresso-machine", "Barista Pro Espresso Machine", 349.00m, "EUR");

    private readonly CartStore carts = new(redis.Connection);

    [Fact]
    public async Task A_new_customer_has_an_empty_cart()
    {
        var cart = await carts.GetAsync(CacheFixture.NewCustomerId());

        Assert.True(cart.IsEmpty);
        Assert.Empty(cart.Totals);
    }

    [Fact]
    public async Task Adding_the_same_product_twice_adds_up_the_quantity()
    {
        var customer = CacheFixture.NewCustomerId();

        await carts.AddAsync(customer, Beans);
        var quantity = await carts.AddAsync(customer, Beans, 2);
        await carts.AddAsync(customer, Machine);

        Assert.Equal(3, quantity);
        var cart = await carts.GetAsync(customer);
        Assert.Equal(2, cart.Lines.Count);
        Assert.Equal(4, cart.ItemCount);
        Assert.Equal(new Money(3 * 24.90m + 349.00m, "EUR"), Assert.Single(cart.Totals));
        var beans = Assert.Single(cart.Lines, line => line.ProductId == Beans.Id);
        Assert.Equal((Beans.Name, Beans.Price, 3), (beans.Name, beans.UnitPrice, beans.Quantity));
    }

    [Fact]
    public async Task Concurrent_adds_from_several_replicas_are_all_counted()
    {
        var customer = CacheFixture.NewCustomerId();
        await using var otherReplica = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var otherCarts = new CartStore(otherReplica);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? carts : otherCarts).AddAsync(customer, Beans)));

        Assert.Equal(20, Assert.Single((await carts.GetAsync(customer)).Lines).Quantity);
    }

    [Fact]
    public async Task The_cart_survives_a_frontend_restart()
    {
        var customer = CacheFixture.NewCustomerId();
        await carts.AddAsync(customer, Machine);

        // A restarted frontend is a new process with a new connection: all it has is the customer cookie.
        await using var restarted = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var cart = await new CartStore(restarted).GetAsync(customer);

        Assert.Equal(Machine.Id, Assert.Single(cart.Lines).ProductId);
    }

    [Fact]
    public async Task Quantities_are_capped_at_the_maximum()
    {
        var customer = CacheFixture.NewCustomerId();

        await carts.AddAsync(customer, Beans, 60);
        var quantity = await carts.AddAsync(customer, Beans, 60);

        Assert.Equal(Cart.MaxQuantity, quantity);
        Assert.Equal(Cart.MaxQuantity, Assert.Single((await carts.GetAsync(customer)).Lines).Quantity);
    }

    [Fact]
    public async Task Setting_a_quantity_changes_it_and_zero_removes_the_line()
    {
        var customer = CacheFixture.NewCustomerId();
        await carts.AddAsync(customer, Beans);
        await carts.AddAsync(customer, Machine);

        await carts.SetQuantityAsync(customer, Beans.Id, 5);
        await carts.SetQuantityAsync(customer, Machine.Id, 0);

        var line = Assert.Single((await carts.GetAsync(customer)).Lines);
        Assert.Equal((Beans.Id, 5), (line.ProductId, line.Quantity));
    }

    [Fact]
    public async Task Setting_the_quantity_of_a_product_not_in_the_cart_adds_nothing()
    {
        var customer = CacheFixture.NewCustomerId();

        await carts.SetQuantityAsync(customer, "not-in-cart", 3);

        Assert.True((await carts.GetAsync(customer)).IsEmpty);
    }

    [Fact]
    public async Task Remove_and_clear_empty_the_cart()
    {
        var customer = CacheFixture.NewCustomerId();
        await carts.AddAsync(customer, Beans);
        await carts.AddAsync(customer, Machine);

        await carts.RemoveAsync(customer, Beans.Id);
        Assert.Equal(Machine.Id, Assert.Single((await carts.GetAsync(customer)).Lines).ProductId);

        await carts.ClearAsync(customer);
        Assert.True((await carts.GetAsync(customer)).IsEmpty);
    }

    [Fact]
    public async Task Customers_never_see_each_others_carts()
    {
        var alice = CacheFixture.NewCustomerId();
        var bob = CacheFixture.NewCustomerId();

        await carts.AddAsync(alice, Beans);

        Assert.True((await carts.GetAsync(bob)).IsEmpty);
    }

    [Fact]
    public async Task An_idle_cart_expires()
    {
        var customer = CacheFixture.NewCustomerId();
        await carts.AddAsync(customer, Beans);

        var database = redis.Connection.GetDatabase();
        foreach (var key in new RedisKey[] { $"cart:{{{customer}}}:quantities", $"cart:{{{customer}}}:products" })
        {
            var ttl = await database.KeyTimeToLiveAsync(key);
            Assert.NotNull(ttl);
            Assert.InRange(ttl.Value, CartStore.Lifetime - TimeSpan.FromMinutes(1), CartStore.Lifetime);
        }
    }

    [Fact]
    public async Task Signing_in_adds_the_anonymous_cart_to_the_customers_cart_and_empties_it()
    {
        var anonymous = CacheFixture.NewCustomerId();
        var subject = Guid.NewGuid().ToString(); // a token's sub, not the cookie's format
        await carts.AddAsync(subject, Beans, 2);
        await carts.AddAsync(anonymous, Beans, 3);
        await carts.AddAsync(anonymous, Machine);

        await carts.MergeAsync(anonymous, subject);

        var merged = await carts.GetAsync(subject);
        Assert.Equal(5, merged.Lines.Single(line => line.ProductId == Beans.Id).Quantity);
        Assert.Equal(1, merged.Lines.Single(line => line.ProductId == Machine.Id).Quantity);
        Assert.Equal(Machine.Name, merged.Lines.Single(line => line.ProductId == Machine.Id).Name);
        Assert.True((await carts.GetAsync(anonymous)).IsEmpty);
    }
}
