namespace ReferenceApp.Gateway.Canary.Traffic;

/// <summary>
/// Request feature set by the failover when it sends a request again: when the attempt that answered started, so the
/// answering version is timed on its own attempt, not charged with the failed version's timeout.
/// </summary>
public sealed record FinalAttempt(long StartedTimestamp);
