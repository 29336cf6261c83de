using System.Text.RegularExpressions;

namespace ReferenceApp.Docs.Tests;

/// <summary>
/// The files and folders a document names must exist: Markdown links (and their #anchors in other documents), and code
/// spans or code-block words that look like repository paths.
/// </summary>
public static class PathReferences
{
    // A word with one of these endings names a file even without a folder (e.g. `Extensions.cs`).
    private static readonly string[] FileEndings = [".cs", ".csproj", ".sln", ".props", ".md", ".json", ".sh", ".yml", ".yaml", ".sql", ".lua", ".razor", "Dockerfile"];

    public static IEnumerable<Finding> Check(Repository repository, MarkdownDocument document)
    {
        foreach (var link in document.Links.Distinct())
        {
            if (CheckLink(repository, document, link) is { } problem)
            {
                yield return new Finding(document.Path, link, problem);
            }
        }

        foreach (var word in document.CodeWords)
        {
            if (AsPath(repository, document, word) is { } path && !Exists(repository, document, path))
            {
                yield return new Finding(document.Path, path, "is not a file or folder of the repository");
            }
        }
    }

    /// <summary>The path a word names, or null when it does not look like a repository path.</summary>
    public static string? AsPath(Repository repository, MarkdownDocument document, string word)
    {
        var path = word.Trim().TrimStart('(', '"', '\'').TrimEnd('.', ',', ';', ')', '"', '\'');
        // Not paths: URLs and configuration keys (':'), placeholders, shell variables, options, absolute machine paths.
        if (path.Length == 0 || path.IndexOfAny([':', '<', '>', '$', '=', '|', '`', ' ', '@']) >= 0 || path[0] is '/' or '-' or '~' or '#')
        {
            return null;
        }

        // Build output (`tests/X.Tests/bin/Debug/...`) exists only after a build: the project folder before it must exist.
        var buildOutput = path.IndexOf("/bin/", StringComparison.Ordinal) is var bin and >= 0 ? bin : path.IndexOf("/obj/", StringComparison.Ordinal);
        if (buildOutput > 0)
        {
            path = path[..buildOutput];
        }

        if (path.StartsWith("../", StringComparison.Ordinal) || path.StartsWith("./", StringComparison.Ordinal))
        {
            return path;
        }

        var first = path.Split('/')[0];
        var underAKnownFolder = path.Contains('/') && (repository.Exists(first) || repository.Exists(Combine(document.Directory, first)));
        var fileName = path.TrimEnd('/');
        return underAKnownFolder || FileEndings.Any(ending => fileName.EndsWith(ending, StringComparison.Ordinal)) ? path : null;
    }

    /// <summary>From the root, from the document's folder, or as the tail of a path (`Canary/Routing/X.cs` in services/Gateway).</summary>
    public static bool Exists(Repository repository, MarkdownDocument document, string path)
    {
        if (path.Contains('*') || path.Contains('{'))
        {
            var patterns = ExpandBraces(path.TrimEnd('/')).Select(GlobToRegex).ToList();
            return repository.Files.Concat(repository.Directories).Any(entry => patterns.Any(pattern => pattern.IsMatch(entry)));
        }

        var trimmed = path.TrimEnd('/');
        return repository.Exists(Normalize(trimmed))
            || repository.Exists(Normalize(Combine(document.Directory, trimmed)))
            || (!trimmed.StartsWith('.') && repository.Files.Concat(repository.Directories).Any(entry => entry.EndsWith("/" + trimmed, StringComparison.Ordinal)));
    }

    private static string? CheckLink(Repository repository, MarkdownDocument document, string link)
    {
        if (link.Contains("://", StringComparison.Ordinal) || link.StartsWith("mailto:", StringComparison.Ordinal))
        {
            return null;
        }

        var hash = link.IndexOf('#');
        var target = hash < 0 ? link : link[..hash];
        var fragment = hash < 0 ? null : link[(hash + 1)..];
        var path = target.Length == 0 ? document.Path : Normalize(Combine(document.Directory, target));
        if (!repository.Exists(path))
        {
            return $"links to {path}, which does not exist";
        }

        if (fragment is not null && path.EndsWith(".md", StringComparison.Ordinal))
        {
            var anchors = new MarkdownDocument(path, repository.Read(path)).Anchors;
            if (!anchors.Contains(fragment))
            {
                return $"links to #{fragment}, which is no heading of {path}";
            }
        }

        return null;
    }

    private static string Combine(string directory, string path) => directory.Length == 0 ? path : directory + "/" + path;

    /// <summary>Resolves "." and ".." segments; a path leaving the root stays unresolvable (and so does not exist).</summary>
    private static string Normalize(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return "../" + path;
                }

                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>`overlays/{dev,prod}` names two folders.</summary>
    private static IEnumerable<string> ExpandBraces(string path)
    {
        var open = path.IndexOf('{');
        var close = open < 0 ? -1 : path.IndexOf('}', open);
        if (close < 0)
        {
            return [path];
        }

        return path[(open + 1)..close].Split(',')
            .SelectMany(choice => ExpandBraces(path[..open] + choice + path[(close + 1)..]));
    }

    /// <summary>A glob matching a whole path or its tail: `**` any folders, `*` within one segment.</summary>
    private static Regex GlobToRegex(string glob) =>
        new("(^|/)" + Regex.Escape(glob).Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*") + "$", RegexOptions.CultureInvariant);
}
