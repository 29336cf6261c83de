namespace ReferenceApp.Gateway.Canary.Traffic;

/// <summary>
/// Fixed log-scale latency bins (each 20 % wider than the one before, 1 ms to about 2 minutes). Recording is an
/// increment, with no per-request allocation; percentiles are read as the bin's upper bound, so they err on the slow side by at most 20 %.
/// </summary>
public static class LatencyHistogram
{
    private const double Growth = 1.2;

    /// <summary>Upper bounds in milliseconds; the last bin takes everything slower.</summary>
    private static readonly double[] UpperBounds = CreateBounds();

    public static int BinCount => UpperBounds.Length;

    public static int BinOf(double milliseconds)
    {
        var index = Array.BinarySearch(UpperBounds, milliseconds);
        index = index >= 0 ? index : ~index;
        return Math.Min(index, UpperBounds.Length - 1);
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the <paramref name="total"/> requests in <paramref name="bins"/> fall.</summary>
    public static double Percentile(ReadOnlySpan<int> bins, int total, double quantile)
    {
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            seen += bins[i];
            if (seen >= rank)
            {
                return UpperBounds[i];
            }
        }

        return UpperBounds[^1];
    }

    private static double[] CreateBounds()
    {
        var bounds = new List<double>();
        for (var bound = 1.0; bound < 120_000; bound *= Growth)
        {
            bounds.Add(Math.Round(bound, 2));
        }

        bounds.Add(double.PositiveInfinity);
        return [.. bounds];
    }
}
