namespace ReferenceApp.Gateway.Telemetry;

/// <summary>
/// What the canary weight gauge observes: the current share of new traffic per version. The canary state implements it,
/// so telemetry reads canary state without depending on the Canary folder (issue 18, item 3).
/// </summary>
public interface ITrafficSplit
{
    IReadOnlyList<(string Version, int Percent)> CurrentShares();
}
