using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ReferenceApp.ServiceDefaults.Tests;

/// <summary>
/// What Prometheus scrapes from /metrics: our "ReferenceApp.*" meters under the names the dashboard and alerts use
/// (dots become underscores, the unit "s" a _seconds suffix and "%" _percent, an annotation unit like {order} nothing, counters _total).
/// </summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Our_meters_and_the_http_server_duration_are_scraped_under_their_prometheus_names()
    {
        await using var service = await ServiceUnderTest.StartAsync(app => app.MapGet("/work", () => "done"));
        var meter = service.Services.GetRequiredService<IMeterFactory>().Create("ReferenceApp.ServiceDefaults.Tests");
        meter.CreateCounter<long>("referenceapp.test.placed", "{order}").Add(3, new KeyValuePair<string, object?>("outcome", "accepted"));
        meter.CreateHistogram<double>("referenceapp.test.placed_to_paid.duration", "s").Record(0.5);
        meter.CreateObservableGauge("referenceapp.test.outbox.backlog", () => 7.0, "{record}");
        meter.CreateObservableGauge("referenceapp.test.outbox.oldest_age", () => 12.5, "s");
        meter.CreateObservableGauge("referenceapp.test.canary.weight", () => 10, "%");
        (await service.Client.GetAsync("/work", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var text = await service.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(text);

        Assert.Contains("referenceapp_test_placed_total{", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"accepted\"", text, StringComparison.Ordinal);
        Assert.Contains("referenceapp_test_placed_to_paid_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("referenceapp_test_outbox_backlog{", text, StringComparison.Ordinal);
        Assert.Contains("referenceapp_test_outbox_oldest_age_seconds{", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("referenceapp_test_canary_weight_percent{", text, StringComparison.Ordinal);
    }
}
