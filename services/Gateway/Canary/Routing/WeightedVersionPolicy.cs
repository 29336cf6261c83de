using ReferenceApp.Gateway.Canary.State;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>
/// YARP load-balancing policy "WeightedVersion": splits the orders cluster between v1 and v2 by the live weights,
/// keeps clients on their version (cookie) and honours an operator's override. YARP passes only the destinations that
/// passive health checks consider available, so when the chosen version is down the other one serves instead.
/// </summary>
public sealed class WeightedVersionPolicy(LiveCanaryState live, VersionSelector selector, VersionStickiness stickiness) : ILoadBalancingPolicy
{
    public const string PolicyName = "WeightedVersion";

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count == 0)
        {
            return null;
        }

        var hints = stickiness.Read(context);
        var choice = selector.Choose(hints, live.Weights);
        if (choice.Source == VersionChoiceSource.Override)
        {
            OperatorOverride.Set(context);
        }

        var destination = CanaryDestinations.Find(availableDestinations, choice.Version)
            ?? CanaryDestinations.Find(availableDestinations, choice.Version.Other())
            ?? availableDestinations[0];

        // Remember what actually served a new client, so its next request lands on the same version.
        if (choice.ShouldStick && CanaryDestinations.TryGetVersion(destination, out var served) && served != hints.Sticky)
        {
            stickiness.Remember(context, served);
        }

        return destination;
    }
}
