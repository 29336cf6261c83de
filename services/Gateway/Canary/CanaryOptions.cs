using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Canary;

/// <summary>Configuration section "Canary": the orders canary. Every key is listed in docs/gateway.md.</summary>
public sealed class CanaryOptions
{
    public const string SectionName = "Canary";

    /// <summary>Percent of new traffic for v2 (orders-v2). Seeds the shared state; a change at runtime is applied like an admin change.</summary>
    [Range(0, CanaryWeights.Total)]
    public int Weight { get; set; } = 10;

    /// <summary>Redis key of the shared state; its pub/sub channel is this key + ":changed".</summary>
    [Required]
    public string StateKey { get; set; } = "canary:orders";

    /// <summary>How often a replica re-reads the shared state, in case it missed a pub/sub message.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Lifetime of the sticky cookie "canary-version".</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan StickyFor { get; set; } = TimeSpan.FromDays(1);

    [ValidateObjectMembers]
    public CanaryAnalysisOptions Analysis { get; set; } = new();

    [ValidateObjectMembers]
    public CanaryPromotionOptions Promotion { get; set; } = new();
}

/// <summary>Configuration section "Canary:Analysis": when v2 counts as failing.</summary>
public sealed class CanaryAnalysisOptions
{
    /// <summary>Off: the gateway only measures; nothing is rolled back automatically.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Length of the sliding window the measures cover.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the analysis runs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>v2 is judged only once it answered this many requests since the last change (and within the window): no verdict on noise.</summary>
    [Range(1, int.MaxValue)]
    public int MinimumRequests { get; set; } = 50;

    /// <summary>Lowest acceptable share of non-5xx answers, 0..1.</summary>
    [Range(0.0, 1.0)]
    public double MinimumSuccessRate { get; set; } = 0.99;

    /// <summary>Highest acceptable p99 latency in milliseconds; 0 turns the latency check off.</summary>
    [Range(0, int.MaxValue)]
    public int MaximumP99Milliseconds { get; set; } = 2000;
}

/// <summary>Configuration section "Canary:Promotion": step-by-step promotion while v2 stays healthy (off by default).</summary>
public sealed class CanaryPromotionOptions
{
    public bool Enabled { get; set; }

    /// <summary>v2 weights to walk through; the last one should be 100.</summary>
    [MinLength(1)]
    public int[] Steps { get; set; } = [10, 25, 50, 100];

    /// <summary>How long v2 must stay healthy at a step before the next one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StepInterval { get; set; } = TimeSpan.FromMinutes(2);
}

[OptionsValidator]
public sealed partial class CanaryOptionsValidator : IValidateOptions<CanaryOptions>;
