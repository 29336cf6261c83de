using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReferenceApp.Testing;

/// <summary>
/// The API documents committed under docs/openapi/ (the published contracts that docs/api.md is checked against).
/// A service's test compares what it serves with its committed document; with REFERENCEAPP_UPDATE_OPENAPI=1 the test
/// writes what is served instead, so a deliberate change of the API is one test run and a reviewed diff.
/// </summary>
public static class PublishedDocuments
{
    public const string UpdateVariable = "REFERENCEAPP_UPDATE_OPENAPI";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The served document and the committed one, both parsed and written alike, to compare as text.</summary>
    public static async Task<(string Served, string Committed)> ServedAndCommittedAsync(
        HttpClient client, string url, string name, CancellationToken cancellationToken)
    {
        var served = Canonical(await client.GetStringAsync(url, cancellationToken));
        var path = PathOf(name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, served + "\n", cancellationToken);
        }

        return (served, File.Exists(path) ? Canonical(await File.ReadAllTextAsync(path, cancellationToken)) : $"(no {path})");
    }

    public static string PathOf(string name) => RepositoryRoot.Combine("docs", "openapi", name + ".json");

    private static string Canonical(string json) => JsonNode.Parse(json)!.ToJsonString(Indented);
}
