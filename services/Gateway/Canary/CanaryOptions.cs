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

[OptionsValidator]
public sealed partial class CanaryOptionsValidator : IValidateOptions<CanaryOptions>;
