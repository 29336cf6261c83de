using System.Net;
using System.Text.Json.Nodes;
using ReferenceApp.Gateway.Tests.Support;
using ReferenceApp.Testing;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>
/// The gateway's published contracts (issue 15 item 7): its admin API's document, and the public API's document made of
/// what its routes forward from the orders and payments documents (here the committed ones, served by the stand-ins).
/// </summary>
public sealed class PublishedContractTests(RedisFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task The_admin_document_is_the_committed_contract()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var client = gateway.Anonymous();

        var (served, committed) = await PublishedDocuments.ServedAndCommittedAsync(client, "/openapi/admin.json", "gateway-admin", Cancellation);

        Assert.True(committed == served,
            $"docs/openapi/gateway-admin.json differs from what the gateway serves; rerun with {PublishedDocuments.UpdateVariable}=1 and review the diff.\n{served}");
    }

    [Fact]
    public async Task The_public_document_is_the_committed_contract()
    {
        await using var gateway = await StartWithServiceDocumentsAsync();
        using var client = gateway.Anonymous();

        var (served, committed) = await PublishedDocuments.ServedAndCommittedAsync(client, "/openapi/public.json", "public", Cancellation);

        Assert.True(committed == served,
            $"docs/openapi/public.json differs from what the gateway serves; rerun with {PublishedDocuments.UpdateVariable}=1 and review the diff.\n{served}");
    }

    [Fact]
    public async Task The_public_document_holds_exactly_what_the_routes_forward()
    {
        await using var gateway = await StartWithServiceDocumentsAsync();
        using var client = gateway.Anonymous();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/public.json", Cancellation))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .ToHashSet();

        Assert.Contains("POST /api/orders", operations);
        Assert.Contains("GET /api/products", operations);
        Assert.Contains("GET /api/payments/{id}", operations);
        // The gateway forwards only reads to payments: charging, refunding and card tokens stay internal.
        Assert.DoesNotContain(operations, operation => operation.StartsWith("POST /api/payments", StringComparison.Ordinal));
        Assert.DoesNotContain(operations, operation => operation.StartsWith("DELETE /api/payments", StringComparison.Ordinal));
        Assert.DoesNotContain(document["paths"]!.AsObject(), path => path.Value!.AsObject().Count == 0);
        Assert.Null(document["paths"]!["/api/payments/cards"]);
        Assert.Null(document["components"]!["schemas"]!["TokenizeCardRequest"]);
        Assert.NotNull(document["components"]!["securitySchemes"]!["Bearer"]);
    }

    [Fact]
    public async Task Without_a_services_document_the_public_document_is_a_503_problem_not_a_partial_one()
    {
        await using var gateway = await StartWithServiceDocumentsAsync(paymentsDocument: false);
        using var client = gateway.Anonymous();

        var response = await client.GetAsync("/openapi/public.json", Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("payments", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    private async Task<GatewayUnderTest> StartWithServiceDocumentsAsync(bool paymentsDocument = true)
    {
        var orders = await File.ReadAllTextAsync(PublishedDocuments.PathOf("orders"), Cancellation);
        V1.OpenApiDocument = orders;
        V2.OpenApiDocument = orders;
        if (paymentsDocument)
        {
            Payments.OpenApiDocument = await File.ReadAllTextAsync(PublishedDocuments.PathOf("payments"), Cancellation);
        }
        else
        {
            await Payments.StopAsync();
        }

        return await StartGatewayAsync(weight: 10);
    }
}
