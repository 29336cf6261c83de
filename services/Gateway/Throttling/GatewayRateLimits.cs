using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Throttling;

/// <summary>
/// ASP.NET Core rate limiting at the gateway: a policy per kind of call (named on the YARP routes and the admin API),
/// each partitioned per user (the token's subject) or, for anonymous calls, per client address. A rejection is a 429
/// problem with Retry-After.
/// </summary>
public static class GatewayRateLimits
{
    public const string OrderPlacementPolicy = "order-placement";
    public const string ReadsPolicy = "reads";
    public const string AdminPolicy = "admin";

    public static void AddGatewayRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(OrderPlacementPolicy, context => Partition(context, options => options.OrderPlacement));
            limiter.AddPolicy(ReadsPolicy, context => Partition(context, options => options.Reads));
            limiter.AddPolicy(AdminPolicy, context => Partition(context, options => options.Admin));
            limiter.OnRejected = RejectAsync;
        });
    }

    /// <summary>
    /// A signed-in caller's own bucket, wherever it calls from (so customers behind one NAT do not share one); an
    /// anonymous caller's bucket is its address. Authentication runs first, so the subject is known here.
    /// </summary>
    public static string PartitionKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && AccessPolicies.SubjectOf(context.User) is { Length: > 0 } subject
            ? "user:" + subject
            : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static RateLimitPartition<string> Partition(HttpContext context, Func<RateLimitOptions, RateLimitRule> ruleOf)
    {
        var rule = ruleOf(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = rule.Window,
            QueueLimit = 0, // a throttled caller is told at once when to come back, not held in a queue
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This kind of call is limited per user (or per address when not signed in); retry after {seconds} s.",
            },
        });
    }
}
