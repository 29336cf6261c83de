using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Frontend;

/// <summary>Settings of the frontend (section "Frontend"; environment variables Frontend__*).</summary>
public sealed class FrontendOptions
{
    public const string SectionName = "Frontend";

    /// <summary>The gateway admin secret (X-Admin-Key). Read server-side only; never rendered, never logged.</summary>
    public string? GatewayAdminKey { get; set; }

    /// <summary>How long the order status page keeps checking a pending order in one response.</summary>
    public TimeSpan OrderStatusPollWindow { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan OrderStatusPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Orders per page of the order history (the orders API serves at most 100).</summary>
    [Range(1, 100)]
    public int OrderHistoryPageSize { get; set; } = 10;
}

[OptionsValidator]
public sealed partial class FrontendOptionsValidator : IValidateOptions<FrontendOptions>;
