using System.Net;
using System.Text.Json.Nodes;
using ReferenceApp.Testing;

namespace ReferenceApp.SystemTests;

/// <summary>The running system publishes the contracts committed under docs/openapi (issue 15 item 7).</summary>
public class PublishedContractsTests(SystemFixture system)
{
    [Theory]
    [InlineData("orders-v1", "/openapi/v1.json", "orders")]
    [InlineData("orders-v2", "/openapi/v1.json", "orders")]
    [InlineData("payments", "/openapi/v1.json", "payments")]
    [InlineData("gateway", "/openapi/admin.json", "gateway-admin")]
    [InlineData("gateway", "/openapi/public.json", "public")]
    public async Task Each_service_serves_its_committed_document(string service, string url, string document)
    {
        using var client = system.Host.CreateHttpClient(service);

        var (served, committed) = await PublishedDocuments.ServedAndCommittedAsync(client, url, document, TestContext.Current.CancellationToken);

        Assert.True(committed == served, $"{service}{url} is not docs/openapi/{document}.json:\n{served}");
    }

    [Fact]
    public async Task The_gateways_public_document_is_built_from_the_live_services()
    {
        using var client = system.Host.CreateHttpClient("gateway");

        var response = await client.GetAsync("/openapi/public.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.NotNull(document["paths"]?["/api/orders"]?["post"]);
        Assert.Null(document["paths"]?["/api/payments"]?["post"]);
    }
}
