namespace ReferenceApp.Gateway.Canary.Traffic;

/// <summary>
/// One version's measures over a span of the sliding window. An error is a 5xx answer or a failure to reach the version.
/// <paramref name="MarkedDown"/>: health checks (active or passive) have taken every destination of the version out, so
/// it is failing even when too little traffic reaches it to count (docs/gateway.md, "Every outcome belongs to its version").
/// </summary>
public readonly record struct TrafficSummary(
    int Requests, int Errors, double P50Milliseconds, double P99Milliseconds, double P95Milliseconds = 0, bool MarkedDown = false)
{
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double SuccessRate => 1 - ErrorRate;
}
