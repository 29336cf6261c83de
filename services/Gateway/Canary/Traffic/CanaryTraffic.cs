using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Canary.Traffic;

/// <summary>This replica's sliding windows for v1 and v2: what the analysis judges and the admin document shows.</summary>
public sealed class CanaryTraffic(IOptions<CanaryOptions> options, TimeProvider time)
{
    private readonly VersionTrafficWindow v1 = new(options.Value.Analysis.Window);
    private readonly VersionTrafficWindow v2 = new(options.Value.Analysis.Window);

    public TimeSpan Window => TimeSpan.FromSeconds(v1.Seconds);

    public void Record(CanaryVersion version, int statusCode, TimeSpan latency) =>
        WindowOf(version).Record(time.GetUtcNow(), IsError(statusCode), latency.TotalMilliseconds);

    /// <summary>The whole window.</summary>
    public TrafficSummary Summarize(CanaryVersion version) => Summarize(version, DateTimeOffset.MinValue);

    /// <summary>The window, but only from <paramref name="since"/> on (the last change of weights), so a new step is judged on its own traffic.</summary>
    public TrafficSummary Summarize(CanaryVersion version, DateTimeOffset since) =>
        WindowOf(version).Summarize(time.GetUtcNow(), since);

    /// <summary>The raw counts from <paramref name="since"/> on, as this replica publishes them for the shared analysis.</summary>
    public VersionCounts Count(CanaryVersion version, DateTimeOffset since) =>
        WindowOf(version).Count(time.GetUtcNow(), since);

    /// <summary>A 5xx is the version's fault; a 4xx is the client's and says nothing about the release.</summary>
    public static bool IsError(int statusCode) => statusCode >= 500;

    private VersionTrafficWindow WindowOf(CanaryVersion version) => version == CanaryVersion.V2 ? v2 : v1;
}
