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
