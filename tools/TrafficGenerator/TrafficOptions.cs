using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.TrafficGenerator;

/// <summary>Configuration section "TrafficGenerator" (docs/gateway.md, traffic generator).</summary>
public sealed class TrafficOptions
{
    public const string SectionName = "TrafficGenerator";

    /// <summary>Where the traffic goes: the gateway, by its Aspire name.</summary>
    [Required]
    public string GatewayUrl { get; set; } = "http://gateway";

    /// <summary>Shopper steps per second across all shoppers (a step is one product browse, sometimes followed by an order).</summary>
    [Range(0.1, 1000)]
    public double RequestsPerSecond { get; set; } = 5;

    /// <summary>Share of steps that also place an order, 0..1.</summary>
    [Range(0.0, 1.0)]
    public double OrderShare { get; set; } = 0.2;

    /// <summary>How many distinct shoppers take turns; each keeps its own sticky canary cookie, as a browser would.</summary>
    [Range(1, 100_000)]
    public int Shoppers { get; set; } = 200;

    /// <summary>At most this many steps in flight, so a slow gateway is not buried.</summary>
    [Range(1, 1000)]
    public int MaxConcurrency { get; set; } = 16;
}

[OptionsValidator]
public sealed partial class TrafficOptionsValidator : IValidateOptions<TrafficOptions>;
