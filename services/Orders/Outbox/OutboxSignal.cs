using Microsoft.Extensions.Options;

namespace ReferenceApp.Orders.Outbox;

/// <summary>
/// Wakes an idle dispatch loop of this replica as soon as an order is placed here, so a charge does not wait for the next
/// poll. Orders placed through another replica are still found by polling (<see cref="OutboxOptions.PollIntervalMs"/>).
/// </summary>
public sealed class OutboxSignal(IOptions<OutboxOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim queued = new(0);

    public void OrderQueued()
    {
        // One wake-up per idle loop is enough: a woken loop drains everything that is due before it sleeps again.
        if (options.Value.WakeOnNewOrder && queued.CurrentCount < options.Value.Concurrency)
        {
            queued.Release();
        }
    }

    /// <summary>Waits until an order is queued here, <paramref name="idle"/> has passed (on the service's clock) or the service stops.</summary>
    public async Task WaitAsync(TimeSpan idle, CancellationToken stoppingToken)
    {
        using var idleOver = new CancellationTokenSource(idle, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(idleOver.Token, stoppingToken);
        try
        {
            await queued.WaitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            // Either the poll interval ran out (look for due records anyway: other replicas' orders, retries) or the
            // service is stopping, which the caller's loop checks.
        }
    }
}
