using ReferenceApp.Testing;

namespace ReferenceApp.Docs.Tests;

/// <summary>A checkout's files as the docs may name them: everything on disk except build output and local data.</summary>
public sealed class Repository
{
    public Repository(string root)
    {
        Root = Path.GetFullPath(root);
        Files = [.. RepositoryRoot.Files(Root).Order(StringComparer.Ordinal)];
        Directories = [.. Files.SelectMany(ParentsOf).Distinct().Order(StringComparer.Ordinal)];
        known = [.. Files, .. Directories];
    }

    private readonly HashSet<string> known;

    public string Root { get; }

    /// <summary>Every file, relative to the root, with '/' separators.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Every folder holding a file, relative to the root, with '/' separators.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>The checkout this test runs in: the folder above the test binaries that holds ReferenceApp.sln.</summary>
    public static Repository OfThisCheckout() => new(RepositoryRoot.FullPath);

    public bool Exists(string relativePath)
    {
        var trimmed = relativePath.TrimEnd('/');
        return trimmed.Length == 0 || known.Contains(trimmed);
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private static IEnumerable<string> ParentsOf(string file)
    {
        for (var slash = file.LastIndexOf('/'); slash > 0; slash = file.LastIndexOf('/', slash - 1))
        {
            yield return file[..slash];
        }
    }
}
