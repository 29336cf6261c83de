using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReferenceApp.Docs.Tests;

/// <summary>
/// Every configuration key a document names (`Section:Key`, `Section__Key`, `--Section:Key=value`) must be read by the
/// code: named whole in C#, present in a shipped appsettings file, bound through an options class (a section name in
/// C# and the rest as its properties), or an Aspire convention (`Parameters:x` of AddParameter("x"),
/// `ConnectionStrings:x` of a client or database named "x").
/// </summary>
public sealed partial class ConfigurationKeys
{
    // The code that reads configuration: the AppHost, the services, their libraries and defaults, the tools and the manifest
    // generator; not tests.
    private static readonly string[] CodeFolders = ["AppHost", "ServiceDefaults", "services", "libraries", "tools", "deploy/ManifestToKubernetes"];

    private readonly string csharp;
    private readonly HashSet<string> sections = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> settingsKeys = new(StringComparer.OrdinalIgnoreCase);

    public ConfigurationKeys(Repository repository)
    {
        var files = repository.Files.Where(file => CodeFolders.Any(folder => file.StartsWith(folder + "/", StringComparison.Ordinal))).ToList();
        csharp = string.Join('\n', files.Where(file => file.EndsWith(".cs", StringComparison.Ordinal)).Select(repository.Read));
        sections.UnionWith(SectionPattern().Matches(csharp).Select(match => match.Groups["section"].Value));
        foreach (var file in files.Where(file => Path.GetFileName(file).StartsWith("appsettings", StringComparison.Ordinal) && file.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var json = JsonDocument.Parse(repository.Read(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            AddKeys(json.RootElement, "");
        }
    }

    public IEnumerable<Finding> Check(MarkdownDocument document)
    {
        foreach (var key in document.CodeWords.Select(AsKey).OfType<string>().Distinct())
        {
            if (!IsRead(key))
            {
                yield return new Finding(document.Path, key, "is a configuration key nothing reads (no C# literal, appsettings entry or options property)");
            }
        }
    }

    /// <summary>The key a word names, in the `A:B` form, or null when it is not one.</summary>
    public static string? AsKey(string word)
    {
        var key = word.Trim().Trim('"', '\'', '(', ')', ',', '.', ';');
        if (key.StartsWith("--", StringComparison.Ordinal))
        {
            key = key[2..];
        }

        var equals = key.IndexOf('=');
        if (equals >= 0)
        {
            key = key[..equals];
        }

        return KeyPattern().IsMatch(key) ? key.Replace("__", ":", StringComparison.Ordinal) : null;
    }

    public bool IsRead(string key)
    {
        var segments = key.Split(':');
        if (segments[0].Equals("Parameters", StringComparison.OrdinalIgnoreCase) && segments.Length == 2)
        {
            return csharp.Contains($"AddParameter(\"{segments[1]}\"", StringComparison.Ordinal);
        }

        if (segments[0].Equals("ConnectionStrings", StringComparison.OrdinalIgnoreCase) && segments.Length == 2)
        {
            return Regex.IsMatch(csharp, $@"\bAdd\w*\(\s*""{Regex.Escape(segments[1])}""");
        }

        if (settingsKeys.Contains(key) || IsLiteral(key))
        {
            return true;
        }

        // Bound options: a section the C# binds or reads (BindConfiguration("Canary"), const Section = "Orders:Outbox",
        // GetSection(...)) and the remaining segments as properties of the options classes.
        for (var split = segments.Length - 1; split >= 1; split--)
        {
            if (sections.Contains(string.Join(':', segments[..split])) && segments[split..].All(IsProperty))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsLiteral(string key) =>
        csharp.Contains($"\"{key}\"", StringComparison.OrdinalIgnoreCase) ||
        csharp.Contains($"\"{key.Replace(":", "__", StringComparison.Ordinal)}\"", StringComparison.OrdinalIgnoreCase);

    private bool IsProperty(string name) =>
        Regex.IsMatch(csharp, $@"\b{Regex.Escape(name)}\s*\{{\s*(get|init|set)\b") ||
        Regex.IsMatch(csharp, $@"[(,]\s*[\w<>?\[\],.]+\s+{Regex.Escape(name)}\s*[,)=]");

    private void AddKeys(JsonElement element, string prefix)
    {
        if (prefix.Length > 0)
        {
            settingsKeys.Add(prefix);
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                AddKeys(property.Value, prefix.Length == 0 ? property.Name : prefix + ":" + property.Name);
            }
        }
    }

    [GeneratedRegex(@"(Section\w*\s*=\s*|GetSection\(\s*|BindConfiguration\(\s*|\.Bind\(\s*)""(?<section>[^""]+)""")]
    private static partial Regex SectionPattern();

    // Upper-case first segment (configuration sections are PascalCase; `canary:orders` is a Redis key), then ':' or '__'.
    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*((:|__)[A-Za-z0-9][A-Za-z0-9-]*)+$")]
    private static partial Regex KeyPattern();
}
