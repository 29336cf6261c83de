namespace ReferenceApp.Docs.Tests;

/// <summary>The checks themselves, on a small repository written for each test: they must report what is missing.</summary>
public sealed class CheckerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("docs-tests-").FullName;

    public CheckerTests()
    {
        Write("services/Orders/Outbox/OutboxOptions.cs", """
            public sealed class OutboxOptions
            {
                public const string Section = "Orders:Outbox";
                public int BatchSize { get; init; } = 16;
            }
            """);
        Write("services/Orders/Program.cs", """builder.Configuration["Telemetry:OtlpEndpoint"]; builder.AddParameter("canary-weight");""");
        Write("services/Gateway/appsettings.json", """{ "Canary": { "Weight": 10, "Analysis": { "Window": "00:01:00" } } }""");
        Write("docs/gateway.md", "# Gateway\n\n## Routes\n");
    }

    [Theory]
    [InlineData("`services/Orders/Outbox/OutboxOptions.cs`")]
    [InlineData("`Outbox/OutboxOptions.cs`")]
    [InlineData("`services/Orders/`")]
    [InlineData("`services/*/Program.cs`")]
    [InlineData("[routes](gateway.md#routes)")]
    [InlineData("[routes](#routes)")]
    [InlineData("[garnet](https://github.com/microsoft/garnet)")]
    [InlineData("```\ndotnet test services/Orders\n```")]
    [InlineData("`dotnet build services/Orders && services/Orders/bin/Debug/net10.0/Orders`")]
    [InlineData("`application/json`, `MM/YY`, `/api/orders`, `http://payments`, `tests/<Area>.Tests`")]
    public void What_exists_passes(string markdown)
    {
        var document = Document("docs/page.md", markdown + "\n# Routes\n");

        Assert.Empty(PathReferences.Check(Repository(), document));
    }

    [Theory]
    [InlineData("`services/Orders/Outbox/Removed.cs`", "services/Orders/Outbox/Removed.cs")]
    [InlineData("`services/Cards`", "services/Cards")]
    [InlineData("`Removed.cs`", "Removed.cs")]
    [InlineData("`services/*/Removed.cs`", "services/*/Removed.cs")]
    [InlineData("```\ndotnet test services/Removed\n```", "services/Removed")]
    [InlineData("`dotnet test services/Removed`", "services/Removed")]
    [InlineData("`services/Removed/bin/Debug/net10.0/Removed`", "services/Removed")]
    [InlineData("[api](api.md)", "api.md")]
    [InlineData("[routes](gateway.md#no-such-heading)", "gateway.md#no-such-heading")]
    public void A_named_path_that_is_gone_is_reported(string markdown, string named)
    {
        var document = Document("docs/page.md", markdown);

        var finding = Assert.Single(PathReferences.Check(Repository(), document));

        Assert.Equal(named, finding.Named);
    }

    [Theory]
    [InlineData("Orders:Outbox:BatchSize")] // an options class bound to a section
    [InlineData("Orders__Outbox__BatchSize=8")] // the environment form
    [InlineData("--Telemetry:OtlpEndpoint=http://localhost:4317")] // a literal in C#
    [InlineData("Canary:Analysis:Window")] // an appsettings entry
    [InlineData("Parameters:canary-weight")] // an Aspire parameter
    [InlineData("dotnet run --project AppHost -- --Orders:Outbox:BatchSize=4")] // in a command
    public void A_key_the_code_reads_passes(string key)
    {
        Assert.Empty(new ConfigurationKeys(Repository()).Check(Document("docs/page.md", $"`{key}`")));
    }

    [Theory]
    [InlineData("Orders:Outbox:Removed", "Orders:Outbox:Removed")]
    [InlineData("Orders__Removed", "Orders:Removed")]
    [InlineData("Parameters:removed", "Parameters:removed")]
    [InlineData("Outbox:BatchSize", "Outbox:BatchSize")] // a property, but not under a section the code binds
    public void A_key_nothing_reads_is_reported(string written, string key)
    {
        var finding = Assert.Single(new ConfigurationKeys(Repository()).Check(Document("docs/page.md", $"`{written}`")));

        Assert.Equal(key, finding.Named);
    }

    [Theory]
    [InlineData("canary:orders")] // a Redis key
    [InlineData("X-Canary: v1")] // a header
    [InlineData("00:00:02")] // a TimeSpan
    public void Words_that_are_not_keys_are_not_checked(string word) => Assert.Null(ConfigurationKeys.AsKey(word));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private Repository Repository() => new(root);

    private MarkdownDocument Document(string path, string markdown)
    {
        Write(path, markdown);
        return new MarkdownDocument(path, markdown);
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
