namespace ReferenceApp.Testing;

/// <summary>
/// The checkout the tests run in: the nearest folder above the test binaries that holds ReferenceApp.sln. The one copy of
/// that walk, compiled into every assembly under tests/ (tests/Directory.Build.props links it), internal to each.
/// </summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The repository folder, absolute.</summary>
    public static string FullPath => Root.Value;

    /// <summary>A path under the repository folder, from its parts (e.g. "deploy", "aspire-manifest.json").</summary>
    public static string Combine(params string[] parts) => Path.Combine([FullPath, .. parts]);

    /// <summary>
    /// Every file below a checkout's root (this one's unless another is given, e.g. one a test writes), relative to it
    /// with '/' separators, without build output, git's own folder and what local runs and tests write (all git-ignored).
    /// </summary>
    public static IEnumerable<string> Files(string? root = null)
    {
        var top = Path.GetFullPath(root ?? FullPath);
        return Walk(top).Select(file => Path.GetRelativePath(top, file).Replace('\\', '/'));
    }

    private static readonly HashSet<string> Ignored = ["bin", "obj", ".git", ".data", "artifacts", "node_modules", "TestResults", ".vs", ".idea"];

    private static IEnumerable<string> Walk(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(directory).Where(d => !Ignored.Contains(Path.GetFileName(d))))
        {
            foreach (var file in Walk(child))
            {
                yield return file;
            }
        }
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ReferenceApp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ReferenceApp.sln above {AppContext.BaseDirectory}.");
    }
}
