using Microsoft.Extensions.Options;

namespace ReferenceApp.Orders.Outbox;

/// <summary>
/// Drains the outbox for as long as the service runs, with <see cref="OutboxOptions.Concurrency"/> loops; database outages
/// only pause it.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, IOptions<OutboxOptions> options, OutboxSignal signal, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(_ => Task.Run(() => DrainAsync(stoppingToken), CancellationToken.None)));

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var idle = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool dispatched;
            try
            {
                // A scope per batch: the typed payments HttpClient must not live as long as the service does.
                await using var scope = scopes.CreateAsyncScope();
                dispatched = await scope.ServiceProvider.GetRequiredService<PaymentDispatch>().DispatchNextAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Typically PostgreSQL restarting: the transaction rolled back, so the records are simply due again.
                // Any other failure must not stop the dispatcher either: accepted orders depend on it.
                logger.LogWarning(e, "Outbox dispatch failed; retrying after {Delay}.", idle);
                dispatched = false;
            }

            if (!dispatched)
            {
                await signal.WaitAsync(idle, stoppingToken);
            }
        }
    }
}
