using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Canary;

/// <summary>Which destination plays which version: destination metadata "CanaryVersion" = "v1" | "v2" in the cluster config.</summary>
public static class CanaryDestinations
{
    public const string VersionMetadataKey = "CanaryVersion";

    public static bool TryGetVersion(DestinationState destination, out CanaryVersion version)
    {
        var metadata = destination.Model.Config.Metadata;
        if (metadata is not null && metadata.TryGetValue(VersionMetadataKey, out var name) && CanaryVersions.TryParse(name, out version))
        {
            return true;
        }

        version = default;
        return false;
    }

    /// <summary>The first available destination of <paramref name="version"/>; a plain loop, since the list is tiny and this runs per request.</summary>
    public static DestinationState? Find(IReadOnlyList<DestinationState> destinations, CanaryVersion version)
    {
        for (var i = 0; i < destinations.Count; i++)
        {
            if (TryGetVersion(destinations[i], out var candidate) && candidate == version)
            {
                return destinations[i];
            }
        }

        return null;
    }
}
