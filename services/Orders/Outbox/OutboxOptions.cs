using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Orders.Outbox;

/// <summary>How the outbox is drained (Orders:Outbox). Defaults suit production; tests shorten the delays.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Orders:Outbox";

    /// <summary>
    /// Dispatch loops per replica. Each locks the records it takes (FOR UPDATE SKIP LOCKED) while it charges them, so loops
    /// and replicas never take the same record.
    /// </summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// Records a loop takes at once: charged concurrently, their outcomes recorded in one statement and one commit, so a
    /// backlog drains with a fraction of the round trips. A slow charge holds the others' locks until it answers.
    /// </summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 16;

    /// <summary>How long an idle dispatcher waits before looking for due records again.</summary>
    [Range(1, 60_000)]
    public int PollIntervalMs { get; set; } = 500;

    // The keys stay in milliseconds (documented in docs/api.md, set by deployments); code reads the durations.
    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollIntervalMs);

    /// <summary>
    /// Whether an order placed through this replica wakes an idle loop at once (see <see cref="OutboxSignal"/>). Tests that
    /// drive the dispatcher by hand turn it off.
    /// </summary>
    public bool WakeOnNewOrder { get; set; } = true;

    /// <summary>Delay before the first retry; doubles per attempt.</summary>
    [Range(1, 600_000)]
    public int BaseDelayMs { get; set; } = 1_000;

    /// <summary>Upper bound of a retry delay.</summary>
    [Range(1, 3_600_000)]
    public int MaxDelayMs { get; set; } = 60_000;

    public TimeSpan BaseDelay => TimeSpan.FromMilliseconds(BaseDelayMs);

    public TimeSpan MaxDelay => TimeSpan.FromMilliseconds(MaxDelayMs);

    /// <summary>Attempts after which the order is given up as PaymentFailed (payments_unavailable). About a day with the defaults.</summary>
    [Range(1, 10_000)]
    public int MaxAttempts { get; set; } = 1_500;
}

[OptionsValidator]
public sealed partial class OutboxOptionsValidator : IValidateOptions<OutboxOptions>;
