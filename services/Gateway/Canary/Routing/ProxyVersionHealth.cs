using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>Reads YARP's own health state of the canary destinations (destination metadata "CanaryVersion").</summary>
public sealed class ProxyVersionHealth(IProxyStateLookup proxy) : IVersionHealth
{
    public bool IsMarkedDown(CanaryVersion version)
    {
        var found = false;
        foreach (var cluster in proxy.GetClusters())
        {
            foreach (var destination in cluster.Destinations.Values)
            {
                if (!CanaryDestinations.TryGetVersion(destination, out var candidate) || candidate != version)
                {
                    continue;
                }

                found = true;
                if (destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy)
                {
                    return false;
                }
            }
        }

        return found;
    }
}
