using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Npgsql;

namespace ReferenceApp.SystemTests;

/// <summary>
/// Faults as an operator meets them: under a steady flow of orders through the gateway, each process is killed with
/// kill -9 in turn. Each must come back with no command from anyone (self-healing), every order whose POST was
/// accepted must end Paid and be charged exactly once, and no request may hang. The figures per fault (failed
/// requests, p99 and worst latency during the fault, time to recover) are printed; docs/chaos.md records them.
/// </summary>
[Collection(GarnetSystemCollection.Name)]
public sealed class ChaosTests(GarnetSystemFixture system)
{
    /// <summary>Every process of the system a fault can take away, one at a time.</summary>
    public static readonly string[] Faults = ["orders-v1", "orders-v2", "payments", "postgres", "cache"];

    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PaidWithin = TimeSpan.FromSeconds(120);

    /// <summary>A request that takes this long has hung: the client gives up and the test fails.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(30);

    /// <summary>Orders per second offered (CHAOS_ORDERS_PER_SECOND); modest by default, the suite's cores are shared.</summary>
    private static readonly int Rate = int.TryParse(Environment.GetEnvironmentVariable("CHAOS_ORDERS_PER_SECOND"), out var rate) ? rate : 25;

    [Fact]
    public async Task Every_killed_process_comes_back_by_itself_and_every_accepted_order_is_paid_exactly_once()
    {
        var host = system.Host;
        using var gateway = new HttpClient(new SocketsHttpHandler { UseCookies = false }) // no client retry, no resilience handler
        {
            BaseAddress = host.App.GetEndpoint("gateway", "http"),
            Timeout = Hung,
        };
        gateway.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await host.CustomerAccessTokenAsync());
        var load = new OrderFlow(gateway, Rate);
        using var stop = new CancellationTokenSource();
        var flowing = Task.Run(() => load.RunAsync(stop.Token));
        var report = new List<string>();
        try
        {
            await load.WaitForAcceptedAsync(20, TimeSpan.FromSeconds(60));
            foreach (var fault in Faults)
            {
                var pid = host.ProcessIdOf(fault);
                var killedAt = Stopwatch.GetTimestamp();
                Process.Start("kill", ["-9", pid.ToString(CultureInfo.InvariantCulture)]).WaitForExit();

                // Back by itself: a new process, running and healthy, with no Start command from the test.
                await WaitUntilBackAsync(host, fault, pid);
                var recovered = Stopwatch.GetElapsedTime(killedAt);
                // And orders flow again through it.
                await load.WaitForAcceptedAsync(load.Accepted + 20, TimeSpan.FromSeconds(60));
                var window = load.Since(killedAt);
                report.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {fault} | {window.Count} | {window.Failed} | {100.0 * window.Failed / Math.Max(1, window.Count):F1} % | {window.P99.TotalMilliseconds:F0} | {window.Worst.TotalMilliseconds:F0} | {recovered.TotalSeconds:F1} |"));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await flowing;
        }

        var summary = "| killed | requests | failed | failed % | p99 (ms) | worst (ms) | back and serving after (s) |\n|---|---|---|---|---|---|---|\n" +
                      string.Join('\n', report) + $"\n{load.Accepted} orders accepted at {Rate}/s offered.";
        Console.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "chaos-figures.md"), summary);

        Assert.Empty(load.HungRequests);
        var accepted = load.AcceptedOrderIds;
        Assert.NotEmpty(accepted);
        await WaitUntilAllPaidAsync(await host.ConnectionStringAsync("ordersdb"), accepted);
        var charges = await CapturedChargesAsync(await host.ConnectionStringAsync("paymentsdb"), accepted);
        Assert.All(accepted, id => Assert.Equal(1, charges.GetValueOrDefault(id)));
    }

    private static async Task WaitUntilBackAsync(ReferenceAppHost host, string resource, int killedPid)
    {
        using var timeout = new CancellationTokenSource(BackWithin);
        await host.App.ResourceNotifications.WaitForResourceAsync(resource, update =>
            update.Snapshot.State?.Text == KnownResourceStates.Running &&
            update.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value?.ToString() is { } pid &&
            pid != killedPid.ToString(CultureInfo.InvariantCulture), timeout.Token);
        await host.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    private static async Task WaitUntilAllPaidAsync(string ordersDb, IReadOnlyCollection<Guid> accepted)
    {
        var deadline = DateTime.UtcNow + PaidWithin;
        Dictionary<string, long> statuses;
        do
        {
            statuses = [];
            await using var connection = new NpgsqlConnection(ordersDb + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select status, count(*) from orders where id = any($1) group by status", connection);
            command.Parameters.AddWithValue(accepted.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                statuses[reader.GetString(0)] = reader.GetInt64(1);
            }

            if (statuses.GetValueOrDefault("Paid") == accepted.Count)
            {
                return;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Not every accepted order was paid within {PaidWithin.TotalSeconds} s: " +
                    string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}")) + $" of {accepted.Count}");
    }

    private static async Task<Dictionary<Guid, long>> CapturedChargesAsync(string paymentsDb, IReadOnlyCollection<Guid> accepted)
    {
        await using var connection = new NpgsqlConnection(paymentsDb + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select order_id, count(*) from payments where order_id = any($1) and status = 'Captured' group by order_id", connection);
        command.Parameters.AddWithValue(accepted.ToArray());
        var charges = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            charges[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return charges;
    }

    /// <summary>Orders placed at a steady pace, each recorded with its outcome and latency.</summary>
    private sealed class OrderFlow(HttpClient gateway, int perSecond)
    {
        private readonly ConcurrentQueue<Outcome> outcomes = new();
        private readonly ConcurrentBag<Guid> accepted = [];

        public int Accepted => accepted.Count;

        public IReadOnlyCollection<Guid> AcceptedOrderIds => accepted.ToArray();

        public IReadOnlyList<Outcome> HungRequests => outcomes.Where(o => o.Status is null).ToList();

        public async Task RunAsync(CancellationToken stop)
        {
            var interval = TimeSpan.FromSeconds(1.0 / perSecond);
            var inFlight = new List<Task>();
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    inFlight.Add(PlaceOneAsync());
                    inFlight.RemoveAll(task => task.IsCompleted);
                }
            }
            catch (OperationCanceledException)
            {
                // The test has seen enough.
            }

            await Task.WhenAll(inFlight);
        }

        public async Task WaitForAcceptedAsync(int count, TimeSpan within)
        {
            var deadline = DateTime.UtcNow + within;
            while (accepted.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Only {accepted.Count} of {count} orders accepted within {within.TotalSeconds} s");
                await Task.Delay(100);
            }
        }

        /// <summary>The requests sent since a moment (a fault), with their failures and latency.</summary>
        public Window Since(long timestamp)
        {
            var window = outcomes.Where(o => o.SentAt >= timestamp).ToList();
            var latencies = window.Select(o => o.Latency).Order().ToList();
            return new Window(
                window.Count,
                window.Count(o => o.Status is not HttpStatusCode.Created),
                latencies.Count == 0 ? TimeSpan.Zero : latencies[(int)Math.Ceiling(0.99 * latencies.Count) - 1],
                latencies.Count == 0 ? TimeSpan.Zero : latencies[^1]);
        }

        private async Task PlaceOneAsync()
        {
            var sentAt = Stopwatch.GetTimestamp();
            HttpStatusCode? status = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                {
                    Content = JsonContent.Create(new
                    {
                        customerId = "chaos-" + Guid.NewGuid().ToString("N")[..12], // spread over both versions, as many customers are
                        items = new[] { new { productId = "coffee-beans-1kg", quantity = 1 } },
                        card = new { number = "4242424242424242", expiry = DateTime.UtcNow.AddYears(2).ToString("MM/yy", CultureInfo.InvariantCulture), cvc = "123" },
                    }),
                };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                using var response = await gateway.SendAsync(request);
                status = response.StatusCode;
                if (status == HttpStatusCode.Created)
                {
                    var order = await response.Content.ReadFromJsonAsync<JsonElement>();
                    accepted.Add(order.GetProperty("id").GetGuid());
                }
            }
            catch (HttpRequestException)
            {
                status = 0; // no answer at all (connection refused or reset): a failure, not a hang
            }
            catch (TaskCanceledException)
            {
                // Timed out: hung.
            }

            outcomes.Enqueue(new Outcome(sentAt, status, Stopwatch.GetElapsedTime(sentAt)));
        }
    }

    private sealed record Outcome(long SentAt, HttpStatusCode? Status, TimeSpan Latency);

    private sealed record Window(int Count, int Failed, TimeSpan P99, TimeSpan Worst);
}
