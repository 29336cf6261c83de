using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary.Traffic;
using ReferenceApp.Gateway.Forwarding;
using ReferenceApp.Gateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>
/// Proxy-pipeline middleware: when a version could not be reached or gave no answer in time (no response at all), a request
/// that is safe to repeat (<see cref="RetryRules"/>) is sent once more to the remaining destinations, so the client gets the
/// other version's answer instead of a 502/504. The failed attempt is recorded against the version that failed, so the
/// canary analysis still sees a dying v2. A keyed POST's body is buffered (up to Gateway:Forwarding:MaxRetryBodyBytes)
/// so it can be sent again. Health checks then take the broken destination out and later requests do not try it at all.
/// </summary>
public sealed class CanaryFailover(
    RequestDelegate next, CanaryTraffic traffic, GatewayMetrics metrics, IOptions<ForwardingOptions> options, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var repeatable = RetryRules.IsSafeToRepeat(request) && PrepareBodyForReplay(request);

        // Load balancing narrows AvailableDestinations to the one it picked, so the candidates are taken before.
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        var started = time.GetTimestamp();
        await next(context);
        if (!repeatable || !RetryRules.FailedBeforeAnyResponse(context))
        {
            return;
        }

        var failed = proxy.ProxiedDestination;
        var remaining = RetryRules.OtherDestinations(candidates, proxy.AllDestinations, failed);
        if (remaining.Length == 0)
        {
            return;
        }

        RecordFailedAttempt(context, failed, time.GetElapsedTime(started));
        proxy.AvailableDestinations = remaining;
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.Clear();
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
        }

        context.Features.Set(new FinalAttempt(time.GetTimestamp()));
        await next(context);
    }

    /// <summary>
    /// A body announced larger than the buffer is not repeatable; a body up to the limit, or of unknown length, is buffered
    /// as the forwarder reads it, so the second attempt sends exactly the same bytes.
    /// </summary>
    private bool PrepareBodyForReplay(HttpRequest request)
    {
        if (request.ContentLength is 0 || !(request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true))
        {
            return true;
        }

        var limit = options.Value.MaxRetryBodyBytes;
        if (request.ContentLength is not { } length)
        {
            // Chunked, as HttpClient sends JsonContent (most order POSTs): in memory up to the limit, beyond it in a temporary
            // file, bounded by the gateway's request body limit. Refusing these left every real order POST unretried.
            request.EnableBuffering(bufferThreshold: limit);
            return true;
        }

        if (length > limit)
        {
            return false;
        }

        request.EnableBuffering(bufferThreshold: limit, bufferLimit: limit);
        return true;
    }

    private void RecordFailedAttempt(HttpContext context, Yarp.ReverseProxy.Model.DestinationState? failed, TimeSpan elapsed)
    {
        if (failed is null || !CanaryDestinations.TryGetVersion(failed, out var version))
        {
            return;
        }

        var status = context.Response.StatusCode;
        // An operator's pinned request says nothing about real users (CanaryMeasurement leaves it out too).
        if (!OperatorOverride.IsSet(context))
        {
            traffic.Record(version, status, elapsed);
        }

        metrics.Retried(context.GetReverseProxyFeature().Route.Config.RouteId, version.Name(), status);
    }
}
