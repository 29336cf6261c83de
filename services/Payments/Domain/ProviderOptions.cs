using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Payments.Domain;

/// <summary>Knobs of the simulated provider for fault tests (Payments:Provider). Both default to a healthy provider.</summary>
public sealed class ProviderOptions
{
    public const string SectionName = "Payments:Provider";

    /// <summary>Share (0..1) of charges that fail as if the provider were down.</summary>
    [Range(0.0, 1.0)]
    public double FailureRate { get; set; }

    /// <summary>Simulated provider latency per charge.</summary>
    [Range(0, 60_000)]
    public int LatencyMs { get; set; }

    // The key stays in milliseconds (documented in docs/api.md); code reads the duration.
    public TimeSpan Latency => TimeSpan.FromMilliseconds(LatencyMs);
}

[OptionsValidator]
public sealed partial class ProviderOptionsValidator : IValidateOptions<ProviderOptions>;
