using System.Text.Json.Nodes;

namespace ReferenceApp.Orders.Tests.Integration;

/// <summary>The orders API publishes its OpenAPI document (issue 15 item 7), equal to the committed docs/openapi/orders.json.</summary>
public sealed class PublishedContractTests(OrdersSystemFixture fixture) : IClassFixture<OrdersSystemFixture>
{
    private readonly OrdersSystem system = fixture.System;

    [Fact]
    public async Task The_served_document_is_the_committed_contract()
    {
        var (served, committed) = await PublishedDocuments.ServedAndCommittedAsync(system.Client, "/openapi/v1.json", "orders", TestContext.Current.CancellationToken);

        Assert.True(committed == served,
            $"docs/openapi/orders.json differs from what orders serves; rerun with {PublishedDocuments.UpdateVariable}=1 and review the diff.\n{served}");
    }

    [Fact]
    public async Task The_document_shows_response_types_and_problem_documents()
    {
        var document = JsonNode.Parse(await system.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;

        var place = document["paths"]!["/api/orders"]!["post"]!["responses"]!;
        Assert.NotNull(place["201"]?["content"]?["application/json"]);
        foreach (var status in new[] { "400", "422", "503" })
        {
            Assert.NotNull(place[status]?["content"]?["application/problem+json"]);
        }

        Assert.NotNull(document["paths"]!["/api/orders/{id}"]!["get"]!["responses"]!["404"]?["content"]?["application/problem+json"]);
        Assert.NotNull(document["paths"]!["/api/orders/{id}/cancel"]!["post"]!["responses"]!["409"]?["content"]?["application/problem+json"]);
        Assert.NotNull(document["paths"]!["/api/products"]!["get"]!["responses"]!["200"]?["content"]?["application/json"]);
        Assert.Equal("bearer", (string?)document["components"]?["securitySchemes"]?["Bearer"]?["scheme"]);
        Assert.Null(document["paths"]!["/"]);
    }
}
