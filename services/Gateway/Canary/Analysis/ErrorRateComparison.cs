using System.Globalization;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// Is v2's error rate higher than v1's over the same window, beyond chance? The two-proportion z-test where every expected
/// cell of the 2×2 table holds at least 5 (the usual condition for its normal approximation), Fisher's exact test otherwise.
/// </summary>
public readonly record struct ErrorRateComparison(string Test, double PValue, double? Z)
{
    public const int MinimumExpectedCount = 5;

    public static ErrorRateComparison Of(int stableErrors, int stableRequests, int canaryErrors, int canaryRequests)
    {
        var pooled = (double)(stableErrors + canaryErrors) / (stableRequests + canaryRequests);
        var smallest = Math.Min(stableRequests, canaryRequests) * Math.Min(pooled, 1 - pooled);
        if (smallest < MinimumExpectedCount)
        {
            return new ErrorRateComparison("Fisher's exact test", FisherExactTest.OneSidedPValue(stableErrors, stableRequests, canaryErrors, canaryRequests), null);
        }

        var z = TwoProportionTest.Z(stableErrors, stableRequests, canaryErrors, canaryRequests);
        return new ErrorRateComparison("two-proportion z-test", TwoProportionTest.OneSidedPValue(z), z);
    }

    /// <summary>v2 is worse than v1 at <paramref name="confidence"/> (say 0.99: p below 0.01).</summary>
    public bool IsSignificantAt(double confidence) => PValue < 1 - confidence;

    public override string ToString()
    {
        var p = PValue < 0.0001 ? "p < 0.0001" : string.Create(CultureInfo.InvariantCulture, $"p = {PValue:0.####}");
        return Z is { } z ? string.Create(CultureInfo.InvariantCulture, $"{Test} z = {z:F2}, {p}") : $"{Test} {p}";
    }
}
