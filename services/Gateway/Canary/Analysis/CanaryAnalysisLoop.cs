using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>Runs the <see cref="CanaryAutopilot"/> every Canary:Analysis:Interval (on the injected clock, so tests can drive it).</summary>
public sealed partial class CanaryAnalysisLoop(
    CanaryAutopilot autopilot, SharedWindows windows, IOptions<CanaryOptions> options, TimeProvider time, ILogger<CanaryAnalysisLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Analysis.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await autopilot.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failed round (say Redis is briefly away) must not end the analysis for good.
                LogRoundFailed(logger, e);
            }
        }
    }

    /// <summary>A replica shutting down hands the analysis lease over at once instead of letting it expire.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await windows.LeaveAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Canary analysis round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
