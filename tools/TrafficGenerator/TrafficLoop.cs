using System.Globalization;
using Microsoft.Extensions.Options;

namespace ReferenceApp.TrafficGenerator;

/// <summary>Starts shopper steps at TrafficGenerator:RequestsPerSecond, each by a shopper drawn from the pool, never more than MaxConcurrency at once.</summary>
public sealed partial class TrafficLoop(
    IServiceProvider services, IOptions<TrafficOptions> options, TrafficMetrics metrics, TimeProvider time, ILogger<TrafficLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var traffic = options.Value;
        var shoppers = Enumerable.Range(1, traffic.Shoppers)
            .Select(i => new Shopper("shopper-" + i.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        using var inFlight = new SemaphoreSlim(traffic.MaxConcurrency);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / traffic.RequestsPerSecond), time);
        LogStarted(logger, traffic.RequestsPerSecond, traffic.GatewayUrl);

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!inFlight.Wait(0))
            {
                metrics.Failed("saturated"); // the gateway is slower than the rate: skip rather than pile up
                continue;
            }

            var shopper = shoppers[Random.Shared.Next(shoppers.Length)];
            var placeOrder = Random.Shared.NextDouble() < traffic.OrderShare;
            _ = StepAsync(shopper, placeOrder, inFlight, stoppingToken);
        }
    }

    private async Task StepAsync(Shopper shopper, bool placeOrder, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        try
        {
            var journey = services.GetRequiredService<ShopperJourney>();
            await journey.BrowseAndMaybeOrderAsync(shopper, placeOrder, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            metrics.Failed(e.GetType().Name);
            LogStepFailed(logger, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            inFlight.Release();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Traffic generator sending {RequestsPerSecond} shopper steps per second to {GatewayUrl}")]
    private static partial void LogStarted(ILogger logger, double requestsPerSecond, string gatewayUrl);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Shopper step failed: {Error}")]
    private static partial void LogStepFailed(ILogger logger, string error);
}
