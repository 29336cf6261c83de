using System.Globalization;

namespace ReferenceApp.Frontend.Services;

/// <summary>What the operations form posts: a new v2 weight, or a promote/rollback button.</summary>
public sealed class CanaryChange
{
    public const string SetWeight = "weight";
    public const string Promote = "promote";
    public const string Rollback = "rollback";

    public string? Action { get; set; }

    public string? V2Weight { get; set; }

    /// <summary>The weight 0..100 typed by the operator, or an error message for them.</summary>
    public (int? Weight, string? Error) ParseWeight() =>
        int.TryParse(V2Weight?.Trim().TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight)
            ? weight is >= 0 and <= 100 ? (weight, null) : (null, "The share for v2 must be between 0 and 100 percent.")
            : (null, "Enter the share of traffic for v2 as a whole number from 0 to 100.");
}
