using Dapper;
using Npgsql;

namespace ReferenceApp.Orders.Telemetry;

/// <summary>
/// Reads the outbox backlog every few seconds into <see cref="OrdersMetrics.Backlog"/>, so a scrape or an export
/// reads a cached number instead of querying the database (the partial index outbox_due keeps the count cheap).
/// </summary>
public sealed class OutboxBacklogMonitor(NpgsqlDataSource dataSource, OrdersMetrics metrics, TimeProvider time, ILogger<OutboxBacklogMonitor> logger)
    : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        do
        {
            try
            {
                metrics.Backlog = await ReadAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A database outage is reported by /health and the dispatcher; keep the last values until it is back.
                logger.LogDebug(e, "Could not read the outbox backlog.");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public async Task<OutboxBacklog> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<BacklogRow>(new CommandDefinition("""
            select count(*) as Waiting, min(created_at) as Oldest from outbox where processed_at is null
            """, cancellationToken: cancellationToken));
        var age = row.Oldest is { } oldest
            ? Math.Max(0, (time.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(oldest, DateTimeKind.Utc))).TotalSeconds)
            : 0;
        return new OutboxBacklog(row.Waiting, age);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record BacklogRow(long Waiting, DateTime? Oldest);
}
