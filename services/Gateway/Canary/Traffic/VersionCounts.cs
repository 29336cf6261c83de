using System.Globalization;
using System.Text;

namespace ReferenceApp.Gateway.Canary.Traffic;

/// <summary>
/// One version's raw measures over a span of the window: requests, errors and the latency histogram. Unlike a
/// <see cref="TrafficSummary"/> (percentiles), counts add up, so the windows of several gateway replicas can be summed
/// into the one the shared analysis judges (docs/gateway.md, "One verdict for all replicas").
/// </summary>
public sealed class VersionCounts
{
    private readonly int[] bins;

    public VersionCounts()
        : this(0, 0, new int[LatencyHistogram.BinCount])
    {
    }

    private VersionCounts(int requests, int errors, int[] bins)
    {
        Requests = requests;
        Errors = errors;
        this.bins = bins;
    }

    public int Requests { get; private set; }

    public int Errors { get; private set; }

    public ReadOnlySpan<int> Bins => bins;

    public void Add(int requests, int errors, ReadOnlySpan<int> latencyBins)
    {
        Requests += requests;
        Errors += errors;
        for (var i = 0; i < bins.Length && i < latencyBins.Length; i++)
        {
            bins[i] += latencyBins[i];
        }
    }

    public void Add(VersionCounts other) => Add(other.Requests, other.Errors, other.Bins);

    /// <param name="markedDown">What health checks say of the version, beside its answers.</param>
    public TrafficSummary ToSummary(bool markedDown = false) => new(
        Requests,
        Errors,
        LatencyHistogram.Percentile(bins, Requests, 0.50),
        LatencyHistogram.Percentile(bins, Requests, 0.99),
        LatencyHistogram.Percentile(bins, Requests, 0.95),
        markedDown);

    /// <summary>"requests,errors,bin:count bin:count ..." with only the bins that hold something (a window is sparse).</summary>
    public string Encode()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Requests},{Errors},");
        for (var i = 0; i < bins.Length; i++)
        {
            if (bins[i] != 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{i}:{bins[i]} ");
            }
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Reads <see cref="Encode"/>'s text; null for anything malformed (a replica of another build, a hand edit).</summary>
    public static VersionCounts? Decode(ReadOnlySpan<char> text)
    {
        var first = text.IndexOf(',');
        if (first < 0)
        {
            return null;
        }

        var rest = text[(first + 1)..];
        var second = rest.IndexOf(',');
        if (second < 0
            || !int.TryParse(text[..first], NumberStyles.None, CultureInfo.InvariantCulture, out var requests)
            || !int.TryParse(rest[..second], NumberStyles.None, CultureInfo.InvariantCulture, out var errors)
            || errors > requests)
        {
            return null;
        }

        var bins = new int[LatencyHistogram.BinCount];
        foreach (var range in rest[(second + 1)..].Split(' '))
        {
            var pair = rest[(second + 1)..][range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var colon = pair.IndexOf(':');
            if (colon < 0
                || !int.TryParse(pair[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var bin)
                || !int.TryParse(pair[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || bin >= bins.Length)
            {
                return null;
            }

            bins[bin] = count;
        }

        return new VersionCounts(requests, errors, bins);
    }
}
