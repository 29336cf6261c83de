namespace ReferenceApp.Gateway.Canary.Traffic;

/// <summary>One version's measures over a span of the sliding window. An error is a 5xx answer or a failure to reach the version.</summary>
public readonly record struct TrafficSummary(int Requests, int Errors, double P50Milliseconds, double P99Milliseconds)
{
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double SuccessRate => 1 - ErrorRate;
}
