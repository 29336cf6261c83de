using Yarp.ReverseProxy.Forwarder;

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
}
