using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Orders.Ordering;

/// <summary>How the card of an order that was not stored is released at payments (Orders:CardRelease).</summary>
public sealed class CardReleaseOptions
{
    public const string SectionName = "Orders:CardRelease";

    /// <summary>
    /// Wait before the first look: a write whose answer was lost may still be committing, and the card of an order that was
    /// stored after all must stay.
    /// </summary>
    [Range(0, 600_000)]
    public int GraceMs { get; set; } = 2_000;

    /// <summary>Wait before trying again while ordersdb or payments cannot be reached.</summary>
    [Range(1, 600_000)]
    public int RetryDelayMs { get; set; } = 5_000;

    // The keys stay in milliseconds (documented in docs/api.md); code reads the durations.
    public TimeSpan Grace => TimeSpan.FromMilliseconds(GraceMs);

    public TimeSpan RetryDelay => TimeSpan.FromMilliseconds(RetryDelayMs);

    /// <summary>Attempts after which a release is given up (logged with the order id). About 8 minutes with the defaults.</summary>
    [Range(1, 100_000)]
    public int MaxAttempts { get; set; } = 100;

    /// <summary>Releases waiting at most; beyond that the oldest is dropped (logged), so an outage cannot grow memory without bound.</summary>
    [Range(1, 1_000_000)]
    public int Capacity { get; set; } = 10_000;
}

[OptionsValidator]
public sealed partial class CardReleaseOptionsValidator : IValidateOptions<CardReleaseOptions>;
