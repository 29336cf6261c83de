using ReferenceApp.Gateway.Canary.Traffic;

namespace ReferenceApp.Gateway.Canary.Analysis;

public enum CanaryVerdictKind
{
    /// <summary>Too few requests to judge.</summary>
    Inconclusive,
    Healthy,
    Failing,
}

/// <summary>The analysis of v2, with the measures it was based on and, when failing, why.</summary>
public readonly record struct CanaryVerdict(CanaryVerdictKind Kind, TrafficSummary Measured, string Reason);
