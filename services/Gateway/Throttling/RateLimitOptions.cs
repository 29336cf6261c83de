using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Throttling;

/// <summary>Configuration section "Gateway:RateLimits" (docs/gateway.md, throttling): one rule per kind of call.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Gateway:RateLimits";

    /// <summary>Placing and cancelling orders (POST /api/orders...).</summary>
    [Required, ValidateObjectMembers]
    public RateLimitRule OrderPlacement { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Reading orders, payments and the catalogue.</summary>
    [Required, ValidateObjectMembers]
    public RateLimitRule Reads { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    /// <summary>The admin API: few calls, and a key or token cannot be guessed at speed.</summary>
    [Required, ValidateObjectMembers]
    public RateLimitRule Admin { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };
}

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="Window"/> (a fixed window) for one user or address.</summary>
public sealed class RateLimitRule
{
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Window { get; set; }
}

[OptionsValidator]
public sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
