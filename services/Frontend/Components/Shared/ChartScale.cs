using System.Globalization;

namespace ReferenceApp.Frontend.Components.Shared;

/// <summary>SVG coordinates for the canary chart (invariant culture: "12.5", never "12,5").</summary>
public static class ChartScale
{
    public const double Width = 320;
    public const double LabelWidth = 28;
    public const double BarWidth = Width - LabelWidth - 70;

    public static string Of(double value, double total, double width) =>
        (total <= 0 ? 0 : width * Math.Clamp(value / total, 0, 1)).ToString("0.##", CultureInfo.InvariantCulture);
}
