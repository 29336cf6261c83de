namespace ReferenceApp.Docs.Tests;

/// <summary>The docs a newcomer reads name only files that exist and configuration keys the code reads.</summary>
public class DocsMatchCodeTests
{
    private static readonly Repository Repository = Repository.OfThisCheckout();

    /// <summary>The docs: README.md, deploy/README.md and docs/*.md.</summary>
    public static TheoryData<string> Documents() =>
        [.. Repository.Files.Where(file => file is "README.md" or "deploy/README.md" ||
            (file.StartsWith("docs/", StringComparison.Ordinal) && file.EndsWith(".md", StringComparison.Ordinal) && file.Count(c => c == '/') == 1))];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_path_a_document_names_exists(string path)
    {
        var findings = PathReferences.Check(Repository, Read(path)).Where(f => !AllowList.Paths.ContainsKey(f.Named));

        Assert.Empty(findings.Select(f => f.ToString()));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_configuration_key_a_document_names_is_read_by_the_code(string path)
    {
        var findings = new ConfigurationKeys(Repository).Check(Read(path)).Where(f => !AllowList.ConfigurationKeys.ContainsKey(f.Named));

        Assert.Empty(findings.Select(f => f.ToString()));
    }

    [Fact]
    public void The_documents_are_found()
    {
        Assert.Contains("README.md", Documents().Select(row => row.Data));
        Assert.Contains("deploy/README.md", Documents().Select(row => row.Data));
        Assert.Contains("docs/api.md", Documents().Select(row => row.Data));
    }

    [Fact]
    public void Every_allowed_exception_is_still_needed()
    {
        var documents = Documents().Select(row => Read(row.Data)).ToList();
        var keys = new ConfigurationKeys(Repository);

        var unneededPaths = AllowList.Paths.Keys.Where(named => !documents.SelectMany(d => PathReferences.Check(Repository, d)).Any(f => f.Named == named));
        var unneededKeys = AllowList.ConfigurationKeys.Keys.Where(named => !documents.SelectMany(keys.Check).Any(f => f.Named == named));

        Assert.Empty(unneededPaths.Concat(unneededKeys).Select(named => $"`{named}` is allowed but no longer needs to be: remove it from AllowList"));
    }

    private static MarkdownDocument Read(string path) => new(path, Repository.Read(path));
}
