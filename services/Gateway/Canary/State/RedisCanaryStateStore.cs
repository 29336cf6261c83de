using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ReferenceApp.Gateway.Canary.State;

/// <summary>
/// The shared decision as one JSON string under Canary:StateKey, with a pub/sub message on the key + ":changed" channel
/// so other replicas re-read at once instead of at their next refresh. Last writer wins: changes are rare and whole.
/// </summary>
public sealed class RedisCanaryStateStore(IConnectionMultiplexer redis, IOptions<CanaryOptions> options, TimeProvider time) : ICanaryStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An operator waiting on a change should hear about an unreachable Redis soon, not after the client's reconnect attempts.</summary>
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);

    private readonly RedisKey key = options.Value.StateKey;
    private readonly RedisChannel changed = RedisChannel.Literal(options.Value.StateKey + ":changed");

    public async Task<CanarySnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(key).WaitAsync(cancellationToken);
        return value.IsNullOrEmpty ? null : FromJson(value.ToString());
    }

    public async Task WriteAsync(CanarySnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            var database = redis.GetDatabase();
            await database.StringSetAsync(key, ToJson(snapshot)).WaitAsync(WriteTimeout, time, cancellationToken);
            await database.PublishAsync(changed, "changed").WaitAsync(WriteTimeout, time, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new CanaryStoreUnavailableException("The canary decision could not be stored in Redis.", e);
        }
    }

    public Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(changed, (_, _) => onChanged()).WaitAsync(cancellationToken);

    private static string ToJson(CanarySnapshot snapshot) =>
        JsonSerializer.Serialize(new StoredCanary(snapshot.State, snapshot.Weights.V2, snapshot.UpdatedAt, snapshot.Reason, snapshot.ConfiguredWeight), Json);

    private static CanarySnapshot? FromJson(string json)
    {
        var stored = JsonSerializer.Deserialize<StoredCanary>(json, Json);
        return stored is null || stored.V2 is < 0 or > CanaryWeights.Total
            ? null
            : new CanarySnapshot(stored.State, new CanaryWeights(stored.V2), stored.UpdatedAt, stored.Reason ?? "", stored.ConfiguredWeight);
    }

    /// <summary>The stored shape, kept apart from the domain record so the Redis format changes only on purpose.</summary>
    private sealed record StoredCanary(CanaryState State, int V2, DateTimeOffset UpdatedAt, string? Reason, int ConfiguredWeight);
}
