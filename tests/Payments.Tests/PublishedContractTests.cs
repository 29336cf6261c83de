using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace ReferenceApp.Payments.Tests;

/// <summary>The payments API publishes its OpenAPI document (issue 15 item 7), equal to the committed docs/openapi/payments.json.</summary>
public sealed class PublishedContractTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PaymentsApp app = null!;

    public async ValueTask InitializeAsync() => app = new PaymentsApp(await postgres.NewDatabaseAsync("payments_contract"));

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_served_document_is_the_committed_contract()
    {
        using var client = app.CreateClient();

        var (served, committed) = await PublishedDocuments.ServedAndCommittedAsync(client, "/openapi/v1.json", "payments", TestContext.Current.CancellationToken);

        Assert.True(committed == served,
            $"docs/openapi/payments.json differs from what payments serves; rerun with {PublishedDocuments.UpdateVariable}=1 and review the diff.\n{served}");
    }

    [Fact]
    public async Task The_document_shows_response_types_and_problem_documents()
    {
        using var client = app.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;

        var charge = document["paths"]!["/api/payments"]!["post"]!["responses"]!;
        Assert.NotNull(charge["201"]?["content"]?["application/json"]);
        Assert.NotNull(charge["400"]?["content"]?["application/problem+json"]);
        Assert.NotNull(charge["409"]?["content"]?["application/problem+json"]);
        Assert.NotNull(charge["503"]?["content"]?["application/problem+json"]);
        Assert.NotNull(document["paths"]!["/api/payments/{id}"]!["get"]!["responses"]!["404"]?["content"]?["application/problem+json"]);
        Assert.Equal("bearer", (string?)document["components"]?["securitySchemes"]?["Bearer"]?["scheme"]);
        Assert.Null(document["paths"]!["/"]);
    }

    [Fact]
    public async Task The_browsable_ui_is_served_in_development_only()
    {
        using var development = app.WithWebHostBuilder(builder => builder.UseEnvironment("Development")).CreateClient();
        using var production = app.WithWebHostBuilder(builder => builder.UseEnvironment("Production")).CreateClient();

        var ui = await development.GetAsync("/scalar", TestContext.Current.CancellationToken);
        var none = await production.GetAsync("/scalar", TestContext.Current.CancellationToken);
        var document = await production.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }
}
