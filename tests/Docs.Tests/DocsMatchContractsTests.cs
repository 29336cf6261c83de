using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ReferenceApp.Docs.Tests;

/// <summary>
/// The API documents (docs/openapi/*.json, which the services' own tests keep equal to what each service serves) and the
/// prose a newcomer reads describe the same operations: every path and method of a document has its "### `METHOD /path`"
/// section, and every such section an operation in the documents.
/// </summary>
public partial class DocsMatchContractsTests
{
    private static readonly Repository Repository = Repository.OfThisCheckout();

    public static TheoryData<string, string[]> Contracts => new()
    {
        { "docs/api.md", ["docs/openapi/orders.json", "docs/openapi/payments.json"] },
        { "docs/gateway-admin-api.md", ["docs/openapi/gateway-admin.json"] },
    };

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Every_operation_of_the_documents_is_described_and_every_described_operation_exists(string markdown, string[] documents)
    {
        var published = documents.SelectMany(Operations).ToHashSet(StringComparer.Ordinal);
        var described = Sections(markdown);

        Assert.NotEmpty(published);
        Assert.Empty(published.Except(described).Order().Select(operation => $"{operation} is in {string.Join(", ", documents)} but has no section in {markdown}"));
        Assert.Empty(described.Except(published).Order().Select(operation => $"{markdown} describes {operation}, which no document publishes"));
    }

    [Fact]
    public void The_public_api_document_publishes_only_operations_docs_api_md_describes()
    {
        var described = Sections("docs/api.md");

        var published = Operations("docs/openapi/public.json").ToList();

        Assert.NotEmpty(published);
        Assert.Empty(published.Except(described).Select(operation => $"{operation} is public but not in docs/api.md"));
    }

    [Theory]
    [InlineData("docs/openapi/orders.json")]
    [InlineData("docs/openapi/payments.json")]
    [InlineData("docs/openapi/gateway-admin.json")]
    [InlineData("docs/openapi/public.json")]
    public void Every_document_declares_the_bearer_token_scheme(string document)
    {
        var scheme = Read(document)["components"]?["securitySchemes"]?["Bearer"];

        Assert.NotNull(scheme);
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        Assert.Equal("JWT", (string?)scheme["bearerFormat"]);
    }

    [Fact]
    public void The_admin_document_offers_the_break_glass_key_beside_the_token()
    {
        var document = Read("docs/openapi/gateway-admin.json");

        var key = document["components"]?["securitySchemes"]?["AdminKey"];
        Assert.NotNull(key);
        Assert.Equal("apiKey", (string?)key["type"]);
        Assert.Equal("header", (string?)key["in"]);
        Assert.Equal("X-Admin-Key", (string?)key["name"]);
        var alternatives = document["security"]!.AsArray().Select(requirement => string.Join('+', requirement!.AsObject().Select(p => p.Key))).Order();
        Assert.Equal(["AdminKey", "Bearer"], alternatives);
    }

    /// <summary>"GET /api/orders/{id}" for every operation; HEAD is left out: reads answer it too (docs/gateway.md).</summary>
    private static IEnumerable<string> Operations(string document) =>
        from path in Read(document)["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where operation.Key is "get" or "put" or "post" or "delete" or "patch"
        select $"{operation.Key.ToUpperInvariant()} {Normalize(path.Key)}";

    private static HashSet<string> Sections(string markdown) =>
        [.. Repository.Read(markdown).Split('\n').Select(line => OperationHeading().Match(line)).Where(match => match.Success)
            .Select(match => $"{match.Groups["method"].Value} {Normalize(match.Groups["path"].Value)}")];

    private static string Normalize(string path)
    {
        var withoutQuery = path.Split('?')[0];
        return withoutQuery.Length > 1 ? withoutQuery.TrimEnd('/') : withoutQuery;
    }

    private static JsonObject Read(string document) => JsonNode.Parse(Repository.Read(document))!.AsObject();

    [GeneratedRegex(@"^#{2,4} `(?<method>GET|PUT|POST|DELETE|PATCH) (?<path>/[^` ]*)`")]
    private static partial Regex OperationHeading();
}
