using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ReferenceApp.Testing;

namespace ReferenceApp.Architecture.Tests;

/// <summary>
/// What <see cref="LayoutTests"/> compares, read from a checkout's files: its projects and top-level folders (on disk,
/// build output and local data left out, as <see cref="RepositoryRoot.Files"/> walks), what the Aspire manifest (deploy/aspire-manifest.json) and the image build
/// (.github/workflows/images.yml) deploy, and the rows of README.md's "Layout" table.
/// </summary>
public sealed partial class RepositoryLayout
{
    // SDKs whose projects are programs unless they say otherwise.
    private static readonly string[] ExecutableSdks = ["Microsoft.NET.Sdk.Web", "Microsoft.NET.Sdk.Worker", "Aspire.AppHost.Sdk"];

    public RepositoryLayout(string root)
    {
        Root = Path.GetFullPath(root);
        var files = RepositoryRoot.Files(Root).Order(StringComparer.Ordinal).ToList();
        Projects = [.. files.Where(f => f.EndsWith(".csproj", StringComparison.Ordinal))];
        TopLevelFolders = [.. files.Where(f => f.Contains('/', StringComparison.Ordinal)).Select(f => f[..f.IndexOf('/', StringComparison.Ordinal)]).Distinct()];
    }

    public string Root { get; }

    /// <summary>Every project file, relative to the root with '/' separators (e.g. libraries/Cards/Cards.csproj).</summary>
    public IReadOnlyList<string> Projects { get; }

    /// <summary>Every folder at the root that holds a file (hidden ones such as .github included).</summary>
    public IReadOnlyList<string> TopLevelFolders { get; }

    /// <summary>A project's folder: libraries/Cards for libraries/Cards/Cards.csproj.</summary>
    public static string FolderOf(string project) => project[..project.LastIndexOf('/')];

    /// <summary>Whether a path lies in a folder (or is it).</summary>
    public static bool IsIn(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>The project files of the manifest's project resources (type project.v*), relative to the root.</summary>
    public IReadOnlyList<string> ManifestProjects() =>
        [.. ManifestResources().Where(r => r.Type.StartsWith("project.", StringComparison.Ordinal) && r.Path is not null).Select(r => r.Path!).Distinct()];

    /// <summary>
    /// Everything deployed, as (what deploys it, path relative to the root): every path a manifest resource names (a
    /// project's file, an executable's working directory, a container's build context or Dockerfile) and every project
    /// the image workflow builds.
    /// </summary>
    public IReadOnlyList<(string DeployedBy, string Path)> Deployed()
    {
        var deployed = new List<(string, string)>();
        foreach (var resource in ManifestResources())
        {
            deployed.AddRange(resource.Paths.Select(p => ($"manifest resource '{resource.Name}' ({resource.Type})", p)));
        }

        var workflow = Path.Combine(Root, ".github", "workflows", "images.yml");
        if (File.Exists(workflow))
        {
            deployed.AddRange(WorkflowProject().Matches(File.ReadAllText(workflow))
                .Select(m => (".github/workflows/images.yml (an image)", m.Groups["project"].Value)));
        }

        return deployed;
    }

    /// <summary>
    /// Whether a project builds a program: its own OutputType, else the nearest Directory.Build.props that sets one,
    /// else its SDK (Web, Worker and AppHost projects are programs).
    /// </summary>
    public bool IsExecutable(string project)
    {
        var file = XDocument.Load(Path.Combine(Root, project));
        var outputType = OutputTypeIn(file);
        // Up from the project's folder to the root, as MSBuild looks for Directory.Build.props.
        for (var folder = Path.GetDirectoryName(Path.Combine(Root, project)); outputType is null && folder is not null && folder.Length >= Root.Length; folder = Path.GetDirectoryName(folder))
        {
            var props = Path.Combine(folder, "Directory.Build.props");
            outputType = File.Exists(props) ? OutputTypeIn(XDocument.Load(props)) : null;
        }

        if (outputType is not null)
        {
            return outputType is "Exe" or "WinExe";
        }

        var sdk = file.Root?.Attribute("Sdk")?.Value ?? "";
        return ExecutableSdks.Any(s => sdk.StartsWith(s, StringComparison.Ordinal));
    }

    /// <summary>The first cell of every row of README.md's "## Layout" table, without backticks and trailing '/'.</summary>
    public IReadOnlyList<string> ReadmeLayoutRows()
    {
        var rows = new List<string>();
        var inLayout = false;
        foreach (var line in File.ReadLines(Path.Combine(Root, "README.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inLayout = line.Trim() == "## Layout";
                continue;
            }

            var row = LayoutRow().Match(line);
            if (inLayout && row.Success)
            {
                rows.Add(row.Groups["path"].Value.TrimEnd('/'));
            }
        }

        return rows;
    }

    private IEnumerable<ManifestResource> ManifestResources()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "deploy", "aspire-manifest.json")));
        var list = new List<ManifestResource>();
        foreach (var resource in manifest.RootElement.GetProperty("resources").EnumerateObject())
        {
            var type = resource.Value.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            var paths = new List<string>();
            AddPath(resource.Value, "path", paths);
            AddPath(resource.Value, "workingDirectory", paths);
            if (resource.Value.TryGetProperty("build", out var build) && build.ValueKind == JsonValueKind.Object)
            {
                AddPath(build, "context", paths);
                AddPath(build, "dockerfile", paths);
            }

            var projectPath = resource.Value.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? FromManifest(p.GetString()!) : null;
            list.Add(new ManifestResource(resource.Name, type, projectPath, paths));
        }

        return list;
    }

    private void AddPath(JsonElement element, string property, List<string> paths)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } path)
        {
            paths.Add(FromManifest(path));
        }
    }

    // The manifest's paths are relative to its own folder, deploy/.
    private string FromManifest(string path) => Relative(Path.GetFullPath(Path.Combine(Root, "deploy", path)));

    private static string? OutputTypeIn(XDocument document) =>
        document.Descendants().LastOrDefault(e => e.Name.LocalName == "OutputType")?.Value.Trim();

    private string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    [GeneratedRegex(@"^\s*project:\s*'?(?<project>[^\s']+\.csproj)'?\s*$", RegexOptions.Multiline)]
    private static partial Regex WorkflowProject();

    [GeneratedRegex(@"^\|\s*`(?<path>[^`]+)`\s*\|")]
    private static partial Regex LayoutRow();

    private sealed record ManifestResource(string Name, string Type, string? Path, IReadOnlyList<string> Paths);
}
