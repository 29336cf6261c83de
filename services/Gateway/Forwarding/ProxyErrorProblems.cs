using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace ReferenceApp.Gateway.Forwarding;

/// <summary>
/// Proxy-pipeline middleware: a request YARP could not forward (no destination available, unreachable, timed out) gets an
/// RFC 9457 problem saying what happened and whether sending it again is safe, instead of YARP's empty 502/503/504.
/// It runs outside the failover, so it only speaks when the retry could not help.
/// </summary>
public sealed class ProxyErrorProblems(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.HasStarted || context.Features.Get<IForwarderErrorFeature>() is not { } error || !IsUpstreamFailure(error.Error))
        {
            return;
        }

        var status = context.Response.StatusCode is >= 500 and < 600 ? context.Response.StatusCode : StatusCodes.Status502BadGateway;
        context.Response.StatusCode = status;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = TitleOf(error.Error), Detail = DetailOf(context.Request) },
        });
    }

    // Errors of the client's own connection (it went away, its body broke off) have no one left to read a problem.
    private static bool IsUpstreamFailure(ForwarderError error) => error is ForwarderError.Request
        or ForwarderError.RequestTimedOut or ForwarderError.NoAvailableDestinations or ForwarderError.RequestBodyDestination
        or ForwarderError.ResponseHeaders;

    private static string TitleOf(ForwarderError error) => error switch
    {
        ForwarderError.RequestTimedOut => "The service did not answer in time.",
        ForwarderError.NoAvailableDestinations => "No instance of the service is available.",
        _ => "The service could not be reached.",
    };

    private static string DetailOf(HttpRequest request) => RetryRules.IsSafeToRepeat(request)
        ? "No instance could answer. The request is safe to send again."
        : $"The request was not sent to another instance: without an {RetryRules.IdempotencyKeyHeader} header a {request.Method} may already have taken effect. "
            + $"Check its outcome before sending it again, or send it with an {RetryRules.IdempotencyKeyHeader}.";
}
