using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReferenceApp.ServiceDefaults.Tests;

/// <summary>Production console logs: one JSON object a line, with the trace and span ids a log pipeline joins on.</summary>
public sealed class JsonConsoleLogTests
{
    private const string CardNumber = "4242424242424242";

    [Fact]
    public async Task A_log_written_while_serving_a_request_carries_the_trace_and_span_id_of_the_request_span()
    {
        string? traceId = null, spanId = null;
        await using var service = await ServiceUnderTest.StartAsync(app => app.MapGet("/work", (ILogger<JsonConsoleLogTests> logger) =>
        {
            (traceId, spanId) = (Activity.Current?.TraceId.ToHexString(), Activity.Current?.SpanId.ToHexString());
            logger.LogInformation("Working on order {OrderId}", 42);
            return "done";
        }));
        (await service.Client.GetAsync("/work", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var line = Assert.Single(JsonLines(await service.StopAsync()), l => Message(l) == "Working on order 42");
        Assert.NotNull(traceId);
        Assert.Equal(traceId, ScopeValue(line, "TraceId"));
        Assert.Equal(spanId, ScopeValue(line, "SpanId"));
        // Structured: the template's value is a field of its own, not only text in the message.
        Assert.Equal(42, line.GetProperty("State").GetProperty("OrderId").GetInt32());
        Assert.Equal("Information", line.GetProperty("LogLevel").GetString());
    }

    [Fact]
    public async Task A_log_written_inside_an_activity_of_our_own_carries_that_activity_trace_id()
    {
        await using var service = await ServiceUnderTest.StartAsync(_ => { });
        var logger = service.Services.GetRequiredService<ILogger<JsonConsoleLogTests>>();
        string traceId, spanId;
        // ServiceDefaults listens to every "ReferenceApp.*" source, so the activity is created and recorded.
        using (var activity = ServiceUnderTest.Source.StartActivity("dispatch"))
        {
            Assert.NotNull(activity);
            (traceId, spanId) = (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
            using (logger.BeginScope(new Dictionary<string, object> { ["OrderId"] = "order-7" }))
            {
                logger.LogWarning("Charging {OrderId} failed: {Reason}", "order-7", "timeout");
            }
        }

        var line = Assert.Single(JsonLines(await service.StopAsync()), l => Message(l)?.StartsWith("Charging order-7", StringComparison.Ordinal) == true);
        Assert.Equal(traceId, ScopeValue(line, "TraceId"));
        Assert.Equal(spanId, ScopeValue(line, "SpanId"));
        Assert.Equal("order-7", ScopeValue(line, "OrderId"));
    }

    [Fact]
    public async Task Every_console_line_is_one_json_object_and_none_carries_the_card_of_a_request()
    {
        // Everything logged, down to Trace: still no request body reaches the console.
        await using var service = await ServiceUnderTest.StartAsync(
            app => app.MapPost("/pay", async (HttpRequest request) => (await JsonDocument.ParseAsync(request.Body)).RootElement.GetProperty("amount").GetInt32()),
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });
        using var body = new StringContent($$$"""{"amount":10,"card":{"number":"{{{CardNumber}}}","cvc":"123"}}""", System.Text.Encoding.UTF8, "application/json");
        (await service.Client.PostAsync("/pay", body, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var lines = await service.StopAsync();
        Assert.NotEmpty(lines);
        Assert.Equal(lines.Count, JsonLines(lines).Count);
        Assert.All(lines, line => Assert.DoesNotContain(CardNumber, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_readable_console_is_used_when_a_formatter_is_named_as_the_AppHost_does_locally()
    {
        await using var service = await ServiceUnderTest.StartAsync(_ => { }, new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = "simple" });
        service.Services.GetRequiredService<ILogger<JsonConsoleLogTests>>().LogInformation("Readable {Thing}", "line");

        var lines = await service.StopAsync();
        Assert.Contains(lines, l => l.Contains("Readable line", StringComparison.Ordinal));
        Assert.Empty(JsonLines(lines));
    }

    private static List<JsonElement> JsonLines(IEnumerable<string> lines)
    {
        var result = new List<JsonElement>();
        foreach (var line in lines.Where(l => l.StartsWith('{')))
        {
            try
            {
                result.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                // Counted as not JSON.
            }
        }

        return result;
    }

    private static string? Message(JsonElement line) => line.TryGetProperty("Message", out var message) ? message.GetString() : null;

    private static string? ScopeValue(JsonElement line, string name) =>
        line.GetProperty("Scopes").EnumerateArray()
            .Where(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty(name, out _))
            .Select(scope => scope.GetProperty(name).ToString())
            .FirstOrDefault();
}
