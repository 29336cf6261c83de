namespace ReferenceApp.Frontend.Services;

// The gateway admin API's canary document (docs/gateway-admin-api.md of the gateway).

public static class CanaryStates
{
    public const string Stable = "Stable";
    public const string Progressing = "Progressing";
    public const string Promoted = "Promoted";
    public const string RolledBack = "RolledBack";

    public static string Describe(string state) => state switch
    {
        Stable => "Stable: v1 serves all traffic, no canary running",
        Progressing => "Progressing: v2 gets part of the traffic and is being analysed",
        Promoted => "Promoted: v2 serves all traffic",
        RolledBack => "Rolled back: v2 was taken out of traffic",
        _ => state,
    };
}

public sealed record CanaryWeights(int V1, int V2);

public sealed record VersionTraffic(long Requests, long Errors, double ErrorRate, double P50Ms, double P99Ms)
{
    public static VersionTraffic None { get; } = new(0, 0, 0, 0, 0);
}

public sealed record CanaryVersions(VersionTraffic? V1, VersionTraffic? V2);

public sealed record CanaryWindow(int Seconds, int MinimumRequests);

public sealed record CanaryDocument(
    string State,
    CanaryWeights Weights,
    DateTimeOffset? UpdatedAt,
    string? Reason,
    CanaryVersions? Versions,
    CanaryWindow? Window);
