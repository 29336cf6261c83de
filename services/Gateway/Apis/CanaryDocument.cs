using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Apis;

/// <summary>The admin API's answer; its field names are the contract in docs/gateway-admin-api.md.</summary>
public sealed record CanaryDocument(
    CanaryState State,
    CanaryDocument.WeightsDocument Weights,
    DateTimeOffset UpdatedAt,
    string Reason,
    CanaryDocument.VersionsDocument Versions,
    CanaryDocument.WindowDocument Window,
    CanaryDocument.AnalysisDocument? Analysis)
{
    public static CanaryDocument Create(CanarySnapshot snapshot, CanaryTraffic traffic, CanaryOptions options, CanaryVerdict? verdict) => new(
        snapshot.State,
        new WeightsDocument(snapshot.Weights.V1, snapshot.Weights.V2),
        snapshot.UpdatedAt,
        snapshot.Reason,
        new VersionsDocument(VersionDocument.From(traffic.Summarize(CanaryVersion.V1)), VersionDocument.From(traffic.Summarize(CanaryVersion.V2))),
        new WindowDocument((int)traffic.Window.TotalSeconds, options.Analysis.MinimumRequests),
        verdict is { } latest ? new AnalysisDocument(latest.Kind, latest.Reason) : null);

    public sealed record WeightsDocument(int V1, int V2);

    public sealed record VersionsDocument(VersionDocument V1, VersionDocument V2);

    public sealed record VersionDocument(int Requests, int Errors, double ErrorRate, double P50Ms, double P99Ms)
    {
        public static VersionDocument From(TrafficSummary summary) =>
            new(summary.Requests, summary.Errors, Math.Round(summary.ErrorRate, 4), summary.P50Milliseconds, summary.P99Milliseconds);
    }

    public sealed record WindowDocument(int Seconds, int MinimumRequests);

    /// <summary>This replica's latest analysis round; <c>Held</c> says both versions were failing, so v2 was not rolled back.</summary>
    public sealed record AnalysisDocument(CanaryVerdictKind Verdict, string Reason);
}
