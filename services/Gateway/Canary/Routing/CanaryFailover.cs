using Yarp.ReverseProxy.Forwarder;

namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>
/// Proxy-pipeline middleware: when a version could not be reached at all (connection refused, say), a read is sent once more
/// to the remaining destinations, so the client gets an answer from the other version instead of a 502. Passive health checks
/// then take the broken destination out, and later requests do not try it at all. Writes are never retried: their body is gone.
/// </summary>
public sealed class CanaryFailover(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Load balancing narrows AvailableDestinations to the one it picked, so the candidates are taken before.
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        await next(context);
        if (!CouldNotReachDestination(context) || !IsRead(context.Request.Method))
        {
            return;
        }

        var failed = proxy.ProxiedDestination;
        var remaining = candidates.Where(destination => destination != failed).ToArray();
        if (remaining.Length == 0)
        {
            return;
        }

        proxy.AvailableDestinations = remaining;
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.Clear();
        await next(context);
    }

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private static bool CouldNotReachDestination(HttpContext context) =>
        !context.Response.HasStarted
        && context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request or ForwarderError.RequestTimedOut };
}
