using System.Text.Json;
using StackExchange.Redis;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// Carts in Redis, keyed by the anonymous customer id: they survive a frontend restart and every replica sees the same cart.
/// Per customer two hashes share one hash slot ({id}): quantities (HINCRBY keeps concurrent adds exact) and the product
/// as the customer saw it (name, price, currency). Both expire after <see cref="Lifetime"/> without changes.
/// </summary>
public sealed class CartStore(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    // Adds atomically, capped at the maximum quantity, and refreshes the expiry of both hashes.
    private const string AddScript = """
        local q = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
        local max = tonumber(ARGV[4])
        if q > max then redis.call('HSET', KEYS[1], ARGV[1], max); q = max end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        redis.call('EXPIRE', KEYS[1], ARGV[5])
        redis.call('EXPIRE', KEYS[2], ARGV[5])
        return q
        """;

    private IDatabase Database => redis.GetDatabase();

    public async Task<Cart> GetAsync(string customerId)
    {
        var (quantitiesKey, productsKey) = Keys(customerId);
        var quantitiesTask = Database.HashGetAllAsync(quantitiesKey);
        var productsTask = Database.HashGetAllAsync(productsKey);
        var quantities = await quantitiesTask;
        var products = (await productsTask).ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString(), StringComparer.Ordinal);

        var lines = new List<CartLine>();
        foreach (var entry in quantities)
        {
            var productId = entry.Name.ToString();
            if (!entry.Value.TryParse(out int quantity) || quantity <= 0
                || !products.TryGetValue(productId, out var json)
                || JsonSerializer.Deserialize<StoredProduct>(json, JsonSerializerOptions.Web) is not { } product)
            {
                continue;
            }

            lines.Add(new CartLine(productId, product.Name, product.Price, product.Currency, quantity));
        }

        return new Cart(lines.OrderBy(line => line.Name, StringComparer.CurrentCulture).ThenBy(line => line.ProductId, StringComparer.Ordinal).ToList());
    }

    /// <summary>Adds <paramref name="quantity"/> of a product; returns the line's new quantity.</summary>
    public async Task<int> AddAsync(string customerId, Product product, int quantity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        var (quantitiesKey, productsKey) = Keys(customerId);
        var json = JsonSerializer.Serialize(new StoredProduct(product.Name, product.Price, product.Currency), JsonSerializerOptions.Web);
        var result = await Database.ScriptEvaluateAsync(AddScript,
            [quantitiesKey, productsKey],
            [product.Id, Math.Min(quantity, Cart.MaxQuantity), json, Cart.MaxQuantity, (long)Lifetime.TotalSeconds]);
        return (int)result;
    }

    /// <summary>Sets a line's quantity (0 removes it). A product that is not in the cart is left out.</summary>
    public async Task SetQuantityAsync(string customerId, string productId, int quantity)
    {
        quantity = Cart.ClampQuantity(quantity);
        if (quantity == 0)
        {
            await RemoveAsync(customerId, productId);
            return;
        }

        var (quantitiesKey, productsKey) = Keys(customerId);
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.HashExists(productsKey, productId));
        _ = transaction.HashSetAsync(quantitiesKey, productId, quantity);
        _ = transaction.KeyExpireAsync(quantitiesKey, Lifetime);
        _ = transaction.KeyExpireAsync(productsKey, Lifetime);
        await transaction.ExecuteAsync();
    }

    public async Task RemoveAsync(string customerId, string productId)
    {
        var (quantitiesKey, productsKey) = Keys(customerId);
        var transaction = Database.CreateTransaction();
        _ = transaction.HashDeleteAsync(quantitiesKey, productId);
        _ = transaction.HashDeleteAsync(productsKey, productId);
        await transaction.ExecuteAsync();
    }

    /// <summary>Adds every line of one cart to another (quantities add up, capped) and empties the first.</summary>
    public async Task MergeAsync(string fromCustomerId, string toCustomerId)
    {
        if (string.Equals(fromCustomerId, toCustomerId, StringComparison.Ordinal))
        {
            return;
        }

        var from = await GetAsync(fromCustomerId);
        foreach (var line in from.Lines)
        {
            await AddAsync(toCustomerId, new Product(line.ProductId, line.Name, line.UnitPrice, line.Currency), line.Quantity);
        }

        await ClearAsync(fromCustomerId);
    }

    public Task ClearAsync(string customerId)
    {
        var (quantitiesKey, productsKey) = Keys(customerId);
        return Database.KeyDeleteAsync([quantitiesKey, productsKey]);
    }

    /// <summary>
    /// Remembers which order a checkout form (its idempotency key) placed, before the cart is emptied: a second submit
    /// of the same form that finds the cart already empty goes to that order instead of saying "your cart is empty".
    /// </summary>
    public Task RememberCheckoutAsync(string customerId, string idempotencyKey, string orderId) =>
        Database.StringSetAsync(CheckoutKey(customerId, idempotencyKey), orderId, CheckoutMemory);

    public async Task<string?> FindCheckoutAsync(string customerId, string idempotencyKey) =>
        await Database.StringGetAsync(CheckoutKey(customerId, idempotencyKey));

    public static readonly TimeSpan CheckoutMemory = TimeSpan.FromDays(1);

    private static RedisKey CheckoutKey(string customerId, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        return $"cart:{{{customerId}}}:checkout:{idempotencyKey}";
    }

    private static (RedisKey Quantities, RedisKey Products) Keys(string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        return ($"cart:{{{customerId}}}:quantities", $"cart:{{{customerId}}}:products");
    }

    private sealed record StoredProduct(string Name, decimal Price, string Currency);
}

public static class CartAvailability
{
    /// <summary>Redis down or slow: the page says the cart is unavailable instead of failing.</summary>
    public static bool IsUnavailable(Exception e) => e is RedisException or TimeoutException;

    public static ServiceProblem Problem => new(ServiceProblemKind.Unavailable,
        "Your cart cannot be reached right now. Please try again in a moment.", ServiceProblem.NoFieldErrors);
}
