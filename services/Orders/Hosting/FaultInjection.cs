using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Orders.Hosting;

/// <summary>Deliberate faults for the gateway's canary tests (Orders:Faults); off by default. See docs/api.md.</summary>
public sealed class FaultOptions
{
    public const string SectionName = "Orders:Faults";

    /// <summary>Share (0..1) of /api/* requests answered 503 before any work.</summary>
    [Range(0.0, 1.0)]
    public double FailureRate { get; set; }

    /// <summary>Latency added to every /api/* request.</summary>
    [Range(0, 60_000)]
    public int ExtraLatencyMs { get; set; }

    // The key stays in milliseconds (documented in docs/api.md); code reads the duration.
    public TimeSpan ExtraLatency => TimeSpan.FromMilliseconds(ExtraLatencyMs);
}

[OptionsValidator]
public sealed partial class FaultOptionsValidator : IValidateOptions<FaultOptions>;

public static class FaultInjection
{
    public static IApplicationBuilder UseFaultInjection(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptionsMonitor<FaultOptions>>();
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (context, next) =>
        {
            var faults = options.CurrentValue;
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                if (faults.ExtraLatency > TimeSpan.Zero)
                {
                    await Task.Delay(faults.ExtraLatency, time, context.RequestAborted);
                }

                if (faults.FailureRate > 0 && Random.Shared.NextDouble() < faults.FailureRate)
                {
                    await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Injected fault",
                        detail: "Orders:Faults:FailureRate is set; this request was failed on purpose.").ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });
    }
}
