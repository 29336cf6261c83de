using ReferenceApp.Testing;

namespace ReferenceApp.Architecture.Tests;

/// <summary>
/// Libraries apart from deployables (issue 18, item 6): `services/` holds only what is deployed (each a project resource
/// of the Aspire manifest), `libraries/` only class libraries nothing deploys, `tools/` and `dev/` only what runs on a
/// developer's machine; README.md's "Layout" table has a row for every top-level folder and every project.
/// </summary>
public sealed class LayoutTests
{
    private static readonly RepositoryLayout Checkout = new(RepositoryRoot.FullPath);

    [Fact]
    public void Every_project_under_services_is_a_project_resource_of_the_manifest() =>
        AssertNone(LayoutRules.ServicesNotInManifest(Checkout));

    [Fact]
    public void No_project_under_libraries_is_an_executable() =>
        AssertNone(LayoutRules.ExecutableLibraries(Checkout));

    [Fact]
    public void Nothing_under_libraries_tools_or_dev_is_deployed() =>
        AssertNone(LayoutRules.DeployedOutsideServices(Checkout, ["libraries", "tools", "dev"]));

    [Fact]
    public void Everything_deployed_is_under_services() =>
        AssertNone(LayoutRules.DeployedOutsideServices(Checkout, null));

    [Fact]
    public void The_readme_layout_table_has_a_row_for_every_top_level_folder_and_every_project() =>
        AssertNone(LayoutRules.MissingReadmeRows(Checkout));

    private static void AssertNone(IEnumerable<string> problems)
    {
        var listed = problems.ToList();
        Assert.True(listed.Count == 0, string.Join(Environment.NewLine, listed));
    }

    [Fact]
    public void The_checkout_is_read_whole()
    {
        // Guards the rules above against passing on nothing: the walk, the manifest and the README all say something.
        Assert.Contains("services/Orders/Orders.csproj", Checkout.Projects);
        Assert.Contains("libraries/Cards/Cards.csproj", Checkout.Projects);
        Assert.Contains("tools/TrafficGenerator/TrafficGenerator.csproj", Checkout.Projects);
        Assert.Contains("dev/GarnetCache/GarnetCache.csproj", Checkout.Projects);
        Assert.Contains("services/Orders/Orders.csproj", Checkout.ManifestProjects());
        Assert.Contains(Checkout.Deployed(), d => d.DeployedBy.Contains("images.yml", StringComparison.Ordinal));
        Assert.Contains(".github", Checkout.TopLevelFolders);
        Assert.Contains("libraries/Cards", Checkout.ReadmeLayoutRows());
        Assert.True(Checkout.IsExecutable("services/Orders/Orders.csproj"));
        Assert.True(Checkout.IsExecutable("tests/Orders.Tests/Orders.Tests.csproj"));
        Assert.False(Checkout.IsExecutable("tests/TestInfrastructure/TestInfrastructure.csproj"));
    }
}

/// <summary>The layout's rules, each a list of what breaks it (empty when kept), worded for the failure message.</summary>
public static class LayoutRules
{
    public static IEnumerable<string> ServicesNotInManifest(RepositoryLayout layout)
    {
        var manifest = layout.ManifestProjects();
        return layout.Projects.Where(p => RepositoryLayout.IsIn(p, "services") && !manifest.Contains(p))
            .Select(p => $"{p} is under services/ but no project resource of deploy/aspire-manifest.json: deploy it from the AppHost " +
                "(and regenerate, deploy/generate.sh), or move it to libraries/ (shared code) or tools/ (local only).");
    }

    public static IEnumerable<string> ExecutableLibraries(RepositoryLayout layout) =>
        layout.Projects.Where(p => RepositoryLayout.IsIn(p, "libraries") && layout.IsExecutable(p))
            .Select(p => $"{p} is under libraries/ but builds a program (OutputType Exe or a Web/Worker SDK): a library is never run " +
                "by itself; a program belongs in services/ (deployed) or tools/ (local only).");

    /// <summary>What is deployed from the given top-level folders, or (folders null) from anywhere but services/.</summary>
    public static IEnumerable<string> DeployedOutsideServices(RepositoryLayout layout, IReadOnlyList<string>? folders) =>
        layout.Deployed()
            .Where(d => folders is null ? !RepositoryLayout.IsIn(d.Path, "services") : folders.Any(f => RepositoryLayout.IsIn(d.Path, f)))
            .Select(d => $"{d.Path} is deployed by {d.DeployedBy}, but only what is under services/ may be deployed.");

    public static IEnumerable<string> MissingReadmeRows(RepositoryLayout layout)
    {
        var rows = layout.ReadmeLayoutRows().ToHashSet(StringComparer.Ordinal);
        foreach (var folder in layout.TopLevelFolders.Where(f => !rows.Contains(f)))
        {
            yield return $"README.md's Layout table has no row for the top-level folder `{folder}/`.";
        }

        foreach (var project in layout.Projects.Where(p => !rows.Contains(RepositoryLayout.FolderOf(p))))
        {
            yield return $"README.md's Layout table has no row for the project {project} (a row `{RepositoryLayout.FolderOf(project)}`).";
        }
    }
}
