using System.Text.Json.Serialization;
using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>The names are part of the admin API contract (analysis.verdict).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CanaryVerdictKind>))]
public enum CanaryVerdictKind
{
    /// <summary>Too few requests to judge.</summary>
    Inconclusive,
    Healthy,
    Failing,

    /// <summary>v2 breaks the absolute limit but v1 fails as much over the same window: an incident, not a verdict on v2.</summary>
    Held,
}

/// <summary>
/// The analysis of v2, with the measures it was based on and, when failing or held, why. <paramref name="LatencyOnly"/>:
/// failing on latency alone, which must last <c>Canary:Analysis:LatencyRoundsToFail</c> rounds before a rollback.
/// </summary>
public readonly record struct CanaryVerdict(CanaryVerdictKind Kind, TrafficSummary Measured, string Reason, bool LatencyOnly = false);
