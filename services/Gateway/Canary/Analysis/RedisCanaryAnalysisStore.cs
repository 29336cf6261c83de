using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Canary.Traffic;
using StackExchange.Redis;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// The shared analysis in Redis, beside the decision (Canary:StateKey): a hash key + ":windows" with one field per replica,
/// the lease key + ":lease" (SET NX PX with the holder's token; renewed and released only by that token, in Lua scripts
/// without cjson so Garnet runs them too), and the holder's latest verdict at key + ":verdict".
/// </summary>
public sealed class RedisCanaryAnalysisStore(IConnectionMultiplexer redis, IOptions<CanaryOptions> options, TimeProvider time) : ICanaryAnalysisStore
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    private const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    private const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
        end
        redis.call('HDEL', KEYS[2], ARGV[1])
        return 1
        """;

    private readonly RedisKey windows = options.Value.StateKey + ":windows";
    private bool holding;
    private readonly RedisKey lease = options.Value.StateKey + ":lease";
    private readonly RedisKey verdict = options.Value.StateKey + ":verdict";

    public Task<IReadOnlyList<ReplicaWindow>> ExchangeAsync(ReplicaWindow own, TimeSpan keep, CancellationToken cancellationToken) =>
        CallAsync(async database =>
        {
            await database.HashSetAsync(windows, own.Replica, own.Encode());
            await database.KeyExpireAsync(windows, keep);
            var stored = await database.HashGetAllAsync(windows);
            var found = new List<ReplicaWindow>(stored.Length);
            var oldest = time.GetUtcNow() - keep;
            foreach (var entry in stored)
            {
                var window = ReplicaWindow.Decode(entry.Name.ToString(), entry.Value.ToString());
                if (window is not null && window.PublishedAt >= oldest)
                {
                    found.Add(window);
                }
                else
                {
                    // A replica that stopped without leaving (killed): its window is dropped once it is older than keep.
                    await database.HashDeleteAsync(windows, entry.Name);
                }
            }

            return (IReadOnlyList<ReplicaWindow>)found;
        }, cancellationToken);

    /// <summary>
    /// A replica that does not hold the lease tries SET NX PX alone; only the holder runs the renewal script. So each
    /// round costs one script per gateway fleet, not per replica (scripts are the slow path on Garnet).
    /// </summary>
    public Task<bool> HoldLeaseAsync(string token, TimeSpan duration, CancellationToken cancellationToken) =>
        CallAsync(async database =>
        {
            var held = Volatile.Read(ref holding)
                ? (int)await database.ScriptEvaluateAsync(Renew, [lease], [token, (long)duration.TotalMilliseconds]) == 1
                : await database.StringSetAsync(lease, token, duration, When.NotExists);
            Volatile.Write(ref holding, held);
            return held;
        }, cancellationToken);

    public Task LeaveAsync(string token, CancellationToken cancellationToken) =>
        CallAsync(async database => await database.ScriptEvaluateAsync(Release, [lease, windows], [token]), cancellationToken);

    public Task ShareVerdictAsync(CanaryVerdict latest, TimeSpan keep, CancellationToken cancellationToken) =>
        CallAsync(database => database.StringSetAsync(verdict, $"{latest.Kind}|{latest.Reason}", keep), cancellationToken);

    public Task<(CanaryVerdictKind Kind, string Reason)?> ReadVerdictAsync(CancellationToken cancellationToken) =>
        CallAsync(async database =>
        {
            var value = (string?)await database.StringGetAsync(verdict);
            var bar = value?.IndexOf('|') ?? -1;
            return bar > 0 && Enum.TryParse<CanaryVerdictKind>(value![..bar], out var kind)
                ? (kind, value[(bar + 1)..])
                : ((CanaryVerdictKind, string)?)null;
        }, cancellationToken);

    private async Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(redis.GetDatabase()).WaitAsync(CallTimeout, time, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Disposed: the host is shutting down and closed the client first; the lease and the window expire by themselves.
            throw new CanaryStoreUnavailableException("The shared canary analysis could not reach Redis.", e);
        }
    }
}
