using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Forwarding;

/// <summary>Which failed requests the gateway may send to the other version: only those that cannot do anything twice.</summary>
public static class RetryRules
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// GET and HEAD always; a POST only with an Idempotency-Key, since orders answers a repeated key with the first result
    /// instead of a second order. Anything else (a keyless POST, PUT, DELETE) may already have taken effect.
    /// </summary>
    public static bool IsSafeToRepeat(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        || HttpMethods.IsHead(request.Method)
        || (HttpMethods.IsPost(request.Method) && !string.IsNullOrEmpty(request.Headers[IdempotencyKeyHeader]));

    /// <summary>The destination could not be reached, or gave no answer within the activity timeout: nothing reached the client yet.</summary>
    public static bool FailedBeforeAnyResponse(HttpContext context) =>
        !context.Response.HasStarted
        && context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request or ForwarderError.RequestTimedOut };

    /// <summary>
    /// Where a failed request goes next: the other destinations health checks still consider available, or else the other
    /// destinations they took out. Health is a hint: on a loaded machine slow probes and timeouts take live instances out
    /// too, and when the only one left in rotation dies, an instance marked down answers far more often than a certain 502.
    /// </summary>
    public static DestinationState[] OtherDestinations(
        IReadOnlyList<DestinationState> available, IReadOnlyList<DestinationState> all, DestinationState? failed)
    {
        var healthy = available.Where(destination => destination != failed).ToArray();
        return healthy.Length > 0 ? healthy : all.Where(destination => destination != failed).ToArray();
    }
}
