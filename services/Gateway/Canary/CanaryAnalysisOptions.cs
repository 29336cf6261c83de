using System.ComponentModel.DataAnnotations;

namespace ReferenceApp.Gateway.Canary;

/// <summary>Configuration section "Canary:Analysis": when v2 counts as failing.</summary>
public sealed class CanaryAnalysisOptions
{
    /// <summary>Off: the gateway only measures; nothing is rolled back automatically.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Length of the sliding window the measures cover.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the analysis runs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>v2 is judged only once it answered this many requests since the last change (and within the window): no verdict on noise.</summary>
    [Range(1, int.MaxValue)]
    public int MinimumRequests { get; set; } = 50;

    /// <summary>Lowest acceptable share of non-5xx answers, 0..1.</summary>
    [Range(0.0, 1.0)]
    public double MinimumSuccessRate { get; set; } = 0.99;

    /// <summary>Highest acceptable p99 latency in milliseconds, the outer guard on latency; 0 turns it off.</summary>
    [Range(0, int.MaxValue)]
    public int MaximumP99Milliseconds { get; set; } = 2000;

    /// <summary>
    /// Confidence that v2's error rate is higher than v1's before that rolls it back (one-sided; 0.99: p below 0.01).
    /// </summary>
    [Range(0.5, 0.9999)]
    public double Confidence { get; set; } = 0.99;

    /// <summary>
    /// v2 is too slow when its p95 or p99 is more than this many times v1's over the same window (and more than
    /// <see cref="LatencyToleranceMilliseconds"/> slower); 0 turns the comparison off.
    /// </summary>
    [Range(0.0, 100.0)]
    public double MaximumLatencyRatio { get; set; } = 1.5;

    /// <summary>A difference in p95/p99 smaller than this is never a regression, whatever the ratio (2 ms against 1 ms is not).</summary>
    [Range(0, int.MaxValue)]
    public int LatencyToleranceMilliseconds { get; set; } = 50;

    /// <summary>
    /// Analysis rounds in a row that must find v2 too slow before latency alone rolls it back: one slow round on shared
    /// cores (a GC pause, a scheduling stall) is noise, a regression stays. Errors and dead instances act at once.
    /// </summary>
    [Range(1, 100)]
    public int LatencyRoundsToFail { get; set; } = 3;
}
