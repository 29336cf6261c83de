using System.Globalization;

namespace ReferenceApp.Gateway.Canary.Traffic;

/// <summary>
/// What one gateway replica measured since the last change of the decision <paramref name="StateVersion"/>: its counts
/// per version and what its health checks say. Published to the shared store every analysis round and summed by the
/// replica that holds the analysis lease.
/// </summary>
public sealed record ReplicaWindow(
    string Replica, long StateVersion, DateTimeOffset PublishedAt, VersionCounts V1, VersionCounts V2, bool V1MarkedDown, bool V2MarkedDown)
{
    private const string Format = "w1";

    /// <summary>"w1|stateVersion|publishedAt (unix ms)|v1 down|v2 down|v1 counts|v2 counts": plain text, so no JSON is needed in Lua or on Garnet.</summary>
    public string Encode() => string.Create(CultureInfo.InvariantCulture,
        $"{Format}|{StateVersion}|{PublishedAt.ToUnixTimeMilliseconds()}|{(V1MarkedDown ? 1 : 0)}|{(V2MarkedDown ? 1 : 0)}|{V1.Encode()}|{V2.Encode()}");

    /// <summary>Null for anything this build cannot read (another format, a hand edit): such a window is left out, not trusted.</summary>
    public static ReplicaWindow? Decode(string replica, string text)
    {
        var parts = text.Split('|');
        if (parts.Length != 7 || parts[0] != Format
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stateVersion)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var publishedAt)
            || VersionCounts.Decode(parts[5]) is not { } v1
            || VersionCounts.Decode(parts[6]) is not { } v2)
        {
            return null;
        }

        return new ReplicaWindow(replica, stateVersion, DateTimeOffset.FromUnixTimeMilliseconds(publishedAt), v1, v2, parts[3] == "1", parts[4] == "1");
    }
}
