using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ReferenceApp.Gateway.Telemetry;

/// <summary>
/// The gateway's own instruments on the meter "ReferenceApp.Gateway" (exported by ServiceDefaults with every "ReferenceApp.*" meter).
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "ReferenceApp.Gateway";

    // Boxed once: a status code tag would otherwise box an int on every request.
    private static readonly object[] StatusCodes = Enumerable.Range(0, 600).Select(code => (object)code).ToArray();

    // Seconds, like ASP.NET Core's own request duration; the exporter's default buckets are meant for milliseconds.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Counter<long> requests;
    private readonly Histogram<double> duration;
    private readonly Counter<long> rollbacks;
    private readonly Counter<long> promotions;
    private readonly Counter<long> retries;
    private readonly Counter<long> holds;

    public GatewayMetrics(IMeterFactory meterFactory, ITrafficSplit split)
    {
        var meter = meterFactory.Create(MeterName);
        requests = meter.CreateCounter<long>("referenceapp.gateway.requests", "{request}", "Proxied requests by route, version and status code.");
        duration = meter.CreateHistogram("referenceapp.gateway.request.duration", "s", "Time until the proxied answer, by route and version.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        rollbacks = meter.CreateCounter<long>("referenceapp.gateway.canary.rollbacks", "{rollback}", "Canary rollbacks, automatic or by an operator.");
        promotions = meter.CreateCounter<long>("referenceapp.gateway.canary.promotions", "{step}", "Automatic promotion steps of the canary.");
        retries = meter.CreateCounter<long>("referenceapp.gateway.retries", "{request}",
            "Requests sent again to the other version because the first could not be reached or timed out, by the version that failed.");
        holds = meter.CreateCounter<long>("referenceapp.gateway.canary.holds", "{round}",
            "Analysis rounds that held the canary instead of rolling back, because v1 failed as much as v2 (a shared incident).");
        meter.CreateObservableGauge("referenceapp.gateway.canary.weight", () => Weights(split), "%", "Current share of new traffic per version.");
    }

    public void RequestProxied(string route, string version, int statusCode, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "route", route },
            { "version", version },
            { "http.response.status_code", (uint)statusCode < StatusCodes.Length ? StatusCodes[statusCode] : statusCode },
        };
        requests.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("version", version));
    }

    public void Retried(string route, string failedVersion, int statusCode) => retries.Add(1, new TagList
    {
        { "route", route },
        { "version", failedVersion },
        { "http.response.status_code", (uint)statusCode < StatusCodes.Length ? StatusCodes[statusCode] : statusCode },
    });

    public void RolledBack(bool automatic) =>
        rollbacks.Add(1, new KeyValuePair<string, object?>("trigger", automatic ? "analysis" : "operator"));

    public void Held() => holds.Add(1, new KeyValuePair<string, object?>("reason", "both_versions_failing"));

    public void Promoted(int weight) => promotions.Add(1, new KeyValuePair<string, object?>("weight", weight));

    private static IEnumerable<Measurement<int>> Weights(ITrafficSplit split) =>
        split.CurrentShares().Select(share => new Measurement<int>(share.Percent, new KeyValuePair<string, object?>("version", share.Version)));
}
