using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Orders.Ordering;

/// <summary>An order whose card may rest at payments although the order was not stored.</summary>
public sealed record PendingCardRelease(Guid OrderId, DateTimeOffset DueAt, int Attempts);

/// <summary>
/// The queue between placement (which knows an order was not stored) and <see cref="CardReleaser"/> (which releases its card
/// in the background, so a client never waits on the clean-up of its own failed request).
/// </summary>
public sealed partial class CardReleases
{
    private readonly Channel<PendingCardRelease> pending;
    private readonly TimeProvider time;
    private readonly TimeSpan grace;
    private int unfinished;

    public CardReleases(IOptions<CardReleaseOptions> options, TimeProvider time, ILogger<CardReleases> logger)
    {
        this.time = time;
        grace = options.Value.Grace;
        pending = Channel.CreateBounded<PendingCardRelease>(
            new BoundedChannelOptions(options.Value.Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                Finished();
                LogDropped(logger, dropped.OrderId);
            });
    }

    public ChannelReader<PendingCardRelease> Reader => pending.Reader;

    /// <summary>Releases asked for and not yet finished (done or given up), waiting or in progress.</summary>
    public int Unfinished => Volatile.Read(ref unfinished);

    /// <summary>The order <paramref name="orderId"/> was not stored (as far as this request knows): release its card.</summary>
    public void Release(Guid orderId)
    {
        Interlocked.Increment(ref unfinished);
        pending.Writer.TryWrite(new PendingCardRelease(orderId, time.GetUtcNow() + grace, Attempts: 0));
    }

    /// <summary>The release is over: the card is gone, its order exists, or it was given up.</summary>
    public void Finished() => Interlocked.Decrement(ref unfinished);

    public void Retry(PendingCardRelease release, TimeSpan delay) =>
        pending.Writer.TryWrite(release with { DueAt = time.GetUtcNow() + delay, Attempts = release.Attempts + 1 });

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Too many card releases waiting; the card of order {OrderId} may stay at payments")]
    private static partial void LogDropped(ILogger logger, Guid orderId);
}
