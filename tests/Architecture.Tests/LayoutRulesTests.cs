namespace ReferenceApp.Architecture.Tests;

/// <summary>The layout rules on a small repository written for each test: each must report what breaks it.</summary>
public sealed class LayoutRulesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("layout-tests-").FullName;

    public LayoutRulesTests()
    {
        Write("services/Shop/Shop.csproj", """<Project Sdk="Microsoft.NET.Sdk.Web"></Project>""");
        Write("libraries/Money/Money.csproj", """<Project Sdk="Microsoft.NET.Sdk"></Project>""");
        Write("tools/Load/Load.csproj", """<Project Sdk="Microsoft.NET.Sdk.Worker"></Project>""");
        Write("services/Shop/bin/Debug/Leftover.csproj", "<Project />");
        Manifest("""{ "shop": { "type": "project.v0", "path": "../services/Shop/Shop.csproj" } }""");
        Readme("services", "services/Shop", "libraries", "libraries/Money", "tools", "tools/Load", "deploy");
    }

    [Fact]
    public void A_kept_layout_reports_nothing()
    {
        var layout = new RepositoryLayout(root);

        Assert.Empty(LayoutRules.ServicesNotInManifest(layout));
        Assert.Empty(LayoutRules.ExecutableLibraries(layout));
        Assert.Empty(LayoutRules.DeployedOutsideServices(layout, null));
        Assert.Empty(LayoutRules.MissingReadmeRows(layout));
    }

    [Fact]
    public void A_service_the_manifest_lacks_is_reported()
    {
        Manifest("{}");

        Assert.Contains("services/Shop/Shop.csproj", Assert.Single(LayoutRules.ServicesNotInManifest(new RepositoryLayout(root))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>""")]
    [InlineData("""<Project Sdk="Microsoft.NET.Sdk.Web"></Project>""")]
    public void A_library_that_is_a_program_is_reported(string projectFile)
    {
        Write("libraries/Money/Money.csproj", projectFile);

        Assert.Contains("libraries/Money/Money.csproj", Assert.Single(LayoutRules.ExecutableLibraries(new RepositoryLayout(root))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_made_a_program_by_a_props_file_is_reported()
    {
        Write("libraries/Directory.Build.props", "<Project><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>");

        Assert.Single(LayoutRules.ExecutableLibraries(new RepositoryLayout(root)));
    }

    [Theory]
    [InlineData("""{ "load": { "type": "project.v0", "path": "../tools/Load/Load.csproj" } }""", "tools/Load/Load.csproj")]
    [InlineData("""{ "money": { "type": "executable.v0", "workingDirectory": "../libraries/Money", "command": "dotnet" } }""", "libraries/Money")]
    [InlineData("""{ "cache": { "type": "container.v1", "build": { "context": "../dev/Cache", "dockerfile": "../dev/Cache/Dockerfile" } } }""", "dev/Cache")]
    public void Something_deployed_from_libraries_tools_or_dev_is_reported(string resources, string path)
    {
        Manifest(resources);

        var problems = LayoutRules.DeployedOutsideServices(new RepositoryLayout(root), ["libraries", "tools", "dev"]).ToList();

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Contains("manifest resource", p, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(path + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_image_built_from_a_library_is_reported()
    {
        Write(".github/workflows/images.yml", "jobs:\n  image:\n    strategy:\n      matrix:\n        include:\n          - image: money\n            project: libraries/Money/Money.csproj\n");
        Readme("services", "services/Shop", "libraries", "libraries/Money", "tools", "tools/Load", "deploy", ".github");

        var layout = new RepositoryLayout(root);

        Assert.Contains("images.yml", Assert.Single(LayoutRules.DeployedOutsideServices(layout, ["libraries"])), StringComparison.Ordinal);
        Assert.Empty(LayoutRules.MissingReadmeRows(layout));
    }

    [Fact]
    public void A_readme_missing_a_folder_or_a_project_is_reported()
    {
        Readme("services", "libraries", "libraries/Money", "tools/Load", "deploy");

        var problems = LayoutRules.MissingReadmeRows(new RepositoryLayout(root)).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("top-level folder `tools/`", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("project services/Shop/Shop.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void Rows_of_other_tables_do_not_count()
    {
        File.AppendAllText(Path.Combine(root, "README.md"), "\n## Elsewhere\n\n| folder | what |\n|---|---|\n| `misc` | not in Layout |\n");
        Write("misc/notes.txt", "");

        Assert.Contains("`misc/`", Assert.Single(LayoutRules.MissingReadmeRows(new RepositoryLayout(root))), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Manifest(string resources) => Write("deploy/aspire-manifest.json", $$"""{ "resources": {{resources}} }""");

    private void Readme(params string[] rows) =>
        Write("README.md", "# App\n\n## Layout\n\n| folder | what it holds |\n|---|---|\n" + string.Concat(rows.Select(r => $"| `{r}/` | ... |\n")) + "\n## Next\n");

    private void Write(string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
