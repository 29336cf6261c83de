using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ReferenceApp.Gateway.Canary.State;

/// <summary>
/// The shared decision as one JSON string under Canary:StateKey, with a pub/sub message on the key + ":changed" channel
/// so other replicas re-read at once instead of at their next refresh. A write is a compare-and-set in one Lua script
/// (<see cref="CanaryVersioning"/>): a decision based on an older one never replaces a newer one, and a rollback wins a tie.
/// </summary>
public sealed class RedisCanaryStateStore(IConnectionMultiplexer redis, IOptions<CanaryOptions> options, TimeProvider time) : ICanaryStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An operator waiting on a change should hear about an unreachable Redis soon, not after the client's reconnect attempts.</summary>
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);

    // The stored JSON is read with patterns rather than cjson, which Garnet's Lua may not have. Both patterns are safe:
    // System.Text.Json escapes a quote inside a string value (\u0022), so only the properties themselves can match.
    private const string CompareAndSet = """
        local current = redis.call('GET', KEYS[1])
        if current then
          local stored = tonumber(string.match(current, '"version":(%d+)')) or 0
          local incoming = tonumber(ARGV[2])
          local storedRolledBack = string.find(current, '"state":"RolledBack"', 1, true) ~= nil
          if stored > incoming then return 0 end
          if stored == incoming and not (ARGV[3] == '1' and not storedRolledBack) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[1])
        return 1
        """;

    private readonly RedisKey key = options.Value.StateKey;
    private readonly RedisChannel changed = RedisChannel.Literal(options.Value.StateKey + ":changed");

    public async Task<CanarySnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(key).WaitAsync(cancellationToken);
        return value.IsNullOrEmpty ? null : FromJson(value.ToString());
    }

    public async Task<bool> WriteAsync(CanarySnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            var database = redis.GetDatabase();
            var written = await database.ScriptEvaluateAsync(
                    CompareAndSet,
                    [key],
                    [ToJson(snapshot), snapshot.Version, snapshot.State == CanaryState.RolledBack ? "1" : "0"])
                .WaitAsync(WriteTimeout, time, cancellationToken);
            if ((int)written != 1)
            {
                return false;
            }

            await database.PublishAsync(changed, "changed").WaitAsync(WriteTimeout, time, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new CanaryStoreUnavailableException("The canary decision could not be stored in Redis.", e);
        }
    }

    public Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(changed, (_, _) => onChanged()).WaitAsync(cancellationToken);

    private static string ToJson(CanarySnapshot snapshot) =>
        JsonSerializer.Serialize(new StoredCanary(snapshot.State, snapshot.Weights.V2, snapshot.UpdatedAt, snapshot.Reason, snapshot.ConfiguredWeight, snapshot.Version), Json);

    private static CanarySnapshot? FromJson(string json)
    {
        var stored = JsonSerializer.Deserialize<StoredCanary>(json, Json);
        return stored is null || stored.V2 is < 0 or > CanaryWeights.Total
            ? null
            : new CanarySnapshot(stored.State, new CanaryWeights(stored.V2), stored.UpdatedAt, stored.Reason ?? "", stored.ConfiguredWeight, stored.Version);
    }

    /// <summary>The stored shape, kept apart from the domain record so the Redis format changes only on purpose.</summary>
    /// <remarks>Version is absent (0) in a decision stored before versioning, so any new decision replaces it.</remarks>
    private sealed record StoredCanary(CanaryState State, int V2, DateTimeOffset UpdatedAt, string? Reason, int ConfiguredWeight, long Version = 0);
}
