using Microsoft.Extensions.Options;
using ReferenceApp.Orders.Payments;
using ReferenceApp.Orders.Storage;

namespace ReferenceApp.Orders.Ordering;

/// <summary>
/// Releases, at payments, the cards tokenized for orders that were not stored: first it makes sure the order really is not in
/// ordersdb (a write whose answer was lost may have committed after all, and that order's card must stay), then it asks
/// payments to delete the cards tokenized for that order id. While ordersdb or payments cannot be reached it tries again
/// later. What a kill -9 of this process loses is described in docs/api.md (card tokenization).
/// </summary>
public sealed partial class CardReleaser(
    CardReleases releases, OrderStore store, IServiceScopeFactory scopes, IOptions<CardReleaseOptions> options, TimeProvider time,
    ILogger<CardReleaser> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retryDelay = options.Value.RetryDelay;
        await foreach (var release in releases.Reader.ReadAllAsync(stoppingToken))
        {
            var wait = release.DueAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }

            if (await TryReleaseAsync(release.OrderId, stoppingToken))
            {
                releases.Finished();
                continue;
            }

            if (release.Attempts + 1 >= options.Value.MaxAttempts)
            {
                releases.Finished();
                LogGivenUp(logger, release.OrderId, release.Attempts + 1);
            }
            else
            {
                releases.Retry(release, retryDelay);
            }
        }
    }

    private async Task<bool> TryReleaseAsync(Guid orderId, CancellationToken cancellationToken)
    {
        try
        {
            if (await store.ExistsAsync(orderId, cancellationToken))
            {
                return true; // stored after all: the card is the order's and stays
            }

            // A scope per release: the typed payments HttpClient must not live as long as the service does.
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<PaymentsClient>().ReleaseCardsAsync(orderId, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Typically ordersdb restarting (or a pooled connection it broke): simply try again later.
            LogAttemptFailed(logger, orderId, e);
            return false;
        }
    }

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Could not release the card of order {OrderId} yet; trying again")]
    private static partial void LogAttemptFailed(ILogger logger, Guid orderId, Exception exception);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Gave up releasing the card of order {OrderId} after {Attempts} attempts; it stays at payments")]
    private static partial void LogGivenUp(ILogger logger, Guid orderId, int attempts);
}
