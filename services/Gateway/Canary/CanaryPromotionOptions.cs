using System.ComponentModel.DataAnnotations;

namespace ReferenceApp.Gateway.Canary;

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
