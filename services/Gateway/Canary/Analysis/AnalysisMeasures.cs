using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// What one analysis round judges: both versions over the same window, summed over <paramref name="Replicas"/> gateway
/// replicas (1 with <paramref name="Shared"/> false when Redis could not be reached and the replica judged its own window).
/// </summary>
public sealed record AnalysisMeasures(TrafficSummary V1, TrafficSummary V2, int Replicas, bool Shared)
{
    public string Scope => Shared
        ? $"window of {Replicas} gateway replica{(Replicas == 1 ? "" : "s")}"
        : "this replica's window only (Redis unreachable)";
}
