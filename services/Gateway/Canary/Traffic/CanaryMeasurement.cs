using ReferenceApp.Gateway.Telemetry;

namespace ReferenceApp.Gateway.Canary.Traffic;

/// <summary>
/// Outermost proxy-pipeline middleware: times every proxied request and records its final answer against the version that
/// gave it, for the analysis (sliding window) and the metrics. Runs after retries, so it sees what the client saw.
/// </summary>
public sealed class CanaryMeasurement(RequestDelegate next, CanaryTraffic traffic, GatewayMetrics metrics, TimeProvider time)
{
    private const string NotCanary = "none";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Record(context, time.GetElapsedTime(started));
        }
    }

    private void Record(HttpContext context, TimeSpan elapsed)
    {
        var proxy = context.GetReverseProxyFeature();
        var status = context.Response.StatusCode;
        var versionName = NotCanary;
        if (proxy.ProxiedDestination is { } destination && CanaryDestinations.TryGetVersion(destination, out var version))
        {
            // After a failover the answering version is judged on its own attempt; the client-visible time goes to the metrics.
            var versionElapsed = context.Features.Get<FinalAttempt>() is { } final ? time.GetElapsedTime(final.StartedTimestamp) : elapsed;
            if (!OperatorOverride.IsSet(context))
            {
                traffic.Record(version, status, versionElapsed);
            }

            versionName = version.Name();
        }

        metrics.RequestProxied(proxy.Route.Config.RouteId, versionName, status, elapsed);
    }
}
