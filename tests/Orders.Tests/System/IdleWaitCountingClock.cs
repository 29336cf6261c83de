namespace ReferenceApp.Orders.Tests;

/// <summary>
/// The system clock, counting the timers started for exactly <paramref name="pollInterval"/>: each is one outbox dispatch
/// loop that found nothing due and went to sleep (see OutboxSignal.WaitAsync). A test waits for that count instead of
/// sleeping for a guess.
/// </summary>
public sealed class IdleWaitCountingClock(TimeSpan pollInterval) : TimeProvider
{
    private int idleWaits;

    public int IdleWaits => Volatile.Read(ref idleWaits);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == pollInterval)
        {
            Interlocked.Increment(ref idleWaits);
        }

        return System.CreateTimer(callback, state, dueTime, period);
    }
}
