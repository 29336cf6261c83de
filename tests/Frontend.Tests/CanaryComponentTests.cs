using Microsoft.AspNetCore.Http;
using System.Net;
using Bunit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReferenceApp.Frontend.Components.Shared;
using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

public sealed class CanaryComponentTests : BunitContext
{
    private const string DocumentJson = """
        {"state":"Progressing","weights":{"v1":75,"v2":25},"updatedAt":"2026-11-26T14:00:00+00:00","reason":"admin change",
         "versions":{"v1":{"requests":300,"errors":0,"errorRate":0.0,"p50Ms":12.5,"p99Ms":48.0},
                     "v2":{"requests":100,"errors":10,"errorRate":0.1,"p50Ms":13.1,"p99Ms":51.2}},
         "window":{"seconds":60,"minimumRequests":50}}
        """;

    private static CanaryAdminClient Client(StubGateway gateway, string? key) =>
        new(gateway.Client(), Options.Create(new FrontendOptions { GatewayAdminKey = key }), new HttpContextAccessor(), NullLogger<CanaryAdminClient>.Instance);

    [Fact]
    public async Task The_admin_key_goes_in_the_header_and_the_weight_in_the_contract_body()
    {
        var gateway = new StubGateway((_, _) => StubGateway.Json(HttpStatusCode.OK, DocumentJson));

        var result = await Client(gateway, "s3cret").SetWeightAsync(25);

        Assert.Equal(25, result.Value!.Weights.V2);
        var (request, body) = Assert.Single(gateway.Received);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/admin/canary/weight", request.RequestUri!.AbsolutePath);
        Assert.Equal("s3cret", Assert.Single(request.Headers.GetValues(CanaryAdminClient.AdminKeyHeader)));
        Assert.Equal("""{"v2":25}""", body);
    }

    [Fact]
    public async Task Without_a_key_nothing_is_sent_and_the_page_is_told_why()
    {
        var gateway = new StubGateway((_, _) => throw new InvalidOperationException("must not be called"));

        var result = await Client(gateway, null).GetAsync();

        Assert.Equal(ServiceProblemKind.Unauthorized, result.Problem!.Kind);
        Assert.Contains("Frontend:GatewayAdminKey", result.Problem.Message, StringComparison.Ordinal);
        Assert.Empty(gateway.Received);
    }

    [Fact]
    public async Task A_refused_key_is_explained_without_showing_it()
    {
        var gateway = new StubGateway((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized));

        var result = await Client(gateway, "wrong-key").GetAsync();

        Assert.Equal(ServiceProblemKind.Unauthorized, result.Problem!.Kind);
        Assert.DoesNotContain("wrong-key", result.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chart_draws_the_split_and_each_versions_traffic_to_scale()
    {
        var gateway = new StubGateway((_, _) => StubGateway.Json(HttpStatusCode.OK, DocumentJson));
        var document = (await Client(gateway, "k").GetAsync()).Value!;

        var chart = Render<CanarySplitChart>(parameters => parameters.Add(p => p.Document, document));

        var weightBars = chart.FindAll("svg > rect");
        Assert.Equal("240", weightBars[0].GetAttribute("width")); // 75% of 320
        Assert.Equal("80", weightBars[1].GetAttribute("width"));  // 25%
        var v2 = chart.Find("g[data-version=v2]");
        var v2Bars = v2.QuerySelectorAll("rect");
        Assert.Equal(ChartScale.Of(100, 300, ChartScale.BarWidth), v2Bars[1].GetAttribute("width"));
        Assert.Equal(ChartScale.Of(10, 300, ChartScale.BarWidth), v2Bars[2].GetAttribute("width"));
        Assert.Contains("v1 gets 75% and v2 25%", chart.Find("desc").TextContent, StringComparison.Ordinal);
    }
}
