namespace ReferenceApp.Orders.Outbox;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits between half and all of min(max, base * 2^(n-1)),
/// so replicas retrying after the same outage do not hit payments in lockstep.
/// </summary>
public sealed class RetrySchedule(TimeSpan baseDelay, TimeSpan maxDelay, Func<double> random)
{
    public RetrySchedule(OutboxOptions options)
        : this(options.BaseDelay, options.MaxDelay, Random.Shared.NextDouble)
    {
    }

    /// <summary>The delay after the <paramref name="failedAttempts"/>-th failure (1 for the first).</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        var exponent = Math.Min(Math.Max(failedAttempts, 1) - 1, 30);
        var ceiling = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + (random() * ceiling / 2));
    }

    public DateTimeOffset NextAttemptAt(DateTimeOffset now, int failedAttempts) => now + DelayAfter(failedAttempts);
}
