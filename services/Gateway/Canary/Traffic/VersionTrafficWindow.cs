namespace ReferenceApp.Gateway.Canary.Traffic;

/// <summary>
/// A sliding window over one version's answers, kept as a ring of one-second buckets (counts and latency bins),
/// so its memory is fixed and recording never allocates. A bucket is reused once its second has left the window.
/// </summary>
public sealed class VersionTrafficWindow
{
    private readonly Lock gate = new();
    private readonly long[] bucketSecond;
    private readonly int[] requests;
    private readonly int[] errors;
    private readonly int[] latencyBins;
    private readonly int binCount = LatencyHistogram.BinCount;

    public VersionTrafficWindow(TimeSpan window)
    {
        Seconds = Math.Max(1, (int)Math.Ceiling(window.TotalSeconds));
        bucketSecond = new long[Seconds];
        Array.Fill(bucketSecond, long.MinValue);
        requests = new int[Seconds];
        errors = new int[Seconds];
        latencyBins = new int[Seconds * binCount];
    }

    public int Seconds { get; }

    public void Record(DateTimeOffset at, bool failed, double latencyMilliseconds)
    {
        var second = at.ToUnixTimeSeconds();
        var slot = Slot(second);
        var bin = LatencyHistogram.BinOf(latencyMilliseconds);
        lock (gate)
        {
            if (bucketSecond[slot] != second)
            {
                bucketSecond[slot] = second;
                requests[slot] = 0;
                errors[slot] = 0;
                Array.Clear(latencyBins, slot * binCount, binCount);
            }

            requests[slot]++;
            if (failed)
            {
                errors[slot]++;
            }

            latencyBins[(slot * binCount) + bin]++;
        }
    }

    /// <summary>Measures of the window ending at <paramref name="now"/>, counting only seconds from <paramref name="since"/> on.</summary>
    public TrafficSummary Summarize(DateTimeOffset now, DateTimeOffset since) => Count(now, since).ToSummary();

    /// <summary>The raw counts behind <see cref="Summarize"/>, which add up across replicas.</summary>
    public VersionCounts Count(DateTimeOffset now, DateTimeOffset since)
    {
        var last = now.ToUnixTimeSeconds();
        var first = Math.Max(last - Seconds + 1, since.ToUnixTimeSeconds());
        var counts = new VersionCounts();
        lock (gate)
        {
            for (var slot = 0; slot < Seconds; slot++)
            {
                var second = bucketSecond[slot];
                if (second < first || second > last)
                {
                    continue;
                }

                counts.Add(requests[slot], errors[slot], latencyBins.AsSpan(slot * binCount, binCount));
            }
        }

        return counts;
    }

    private int Slot(long second) => (int)(((second % Seconds) + Seconds) % Seconds);
}
