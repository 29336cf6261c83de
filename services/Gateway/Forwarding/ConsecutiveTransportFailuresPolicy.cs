using System.Globalization;
using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Forwarding;

/// <summary>
/// Passive health by failures in a row: a destination is taken out after <c>Threshold</c> attempts in a row that it failed
/// itself (refused or reset connection, no answer within the activity timeout), and any answer, even a 5xx, starts the
/// count again. A dead instance fails every attempt, so it is out after a few milliseconds of traffic; a live one that
/// misses a deadline now and then on a busy machine stays in. YARP's failure-rate policy took both live versions out
/// under load (a third of a few requests in 10 s), and the canary counted that as a dead v2.
/// </summary>
public sealed class ConsecutiveTransportFailuresPolicy(IDestinationHealthUpdater health) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "ConsecutiveTransportFailures";

    /// <summary>Cluster metadata naming the threshold, as YARP's own active ConsecutiveFailures policy has one.</summary>
    public const string ThresholdMetadataName = "ConsecutiveTransportFailures.Threshold";

    public const int DefaultThreshold = 3;

    private static readonly TimeSpan DefaultReactivationPeriod = TimeSpan.FromSeconds(5);

    private readonly ConditionalWeakTable<DestinationState, FailureCount> failures = new();

    // Parsed once per cluster configuration (a reload makes a new model), not on every proxied request.
    private readonly ConditionalWeakTable<ClusterModel, StrongBox<int>> thresholds = new();

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var error = context.Features.Get<IForwarderErrorFeature>()?.Error;
        if (error is { } failure && !IsTheDestinations(failure))
        {
            return; // the client went away or sent a broken body: nothing said about the destination
        }

        var count = failures.GetOrCreateValue(destination);
        var inARow = error is null ? count.Reset() : count.Add();
        var threshold = thresholds.GetValue(cluster.Model, model => new StrongBox<int>(Threshold(model))).Value;
        var newHealth = inARow >= threshold ? DestinationHealth.Unhealthy : DestinationHealth.Healthy;
        health.SetPassive(cluster, destination, newHealth,
            cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivationPeriod);
    }

    /// <summary>Failures of the destination's side of the exchange, not of the client's.</summary>
    public static bool IsTheDestinations(ForwarderError error) => error is ForwarderError.Request or ForwarderError.RequestTimedOut
        or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination or ForwarderError.UpgradeResponseDestination;

    private static int Threshold(ClusterModel cluster) =>
        cluster.Config.Metadata?.TryGetValue(ThresholdMetadataName, out var text) == true
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var threshold) && threshold > 0
            ? threshold
            : DefaultThreshold;

    private sealed class FailureCount
    {
        private int inARow;

        public int Add() => Interlocked.Increment(ref inARow);

        public int Reset()
        {
            Interlocked.Exchange(ref inARow, 0);
            return 0;
        }
    }
}
