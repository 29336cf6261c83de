using System.Text.RegularExpressions;

namespace ReferenceApp.Deploy.Input;

/// <summary>Recognises a value that is one placeholder and nothing else: {resource.value} or {resource.connectionString}.</summary>
public static partial class Placeholders
{
    public static (string Resource, string Field)? Whole(string template) =>
        WholePlaceholder().Match(template) is { Success: true } match ? (match.Groups[1].Value, match.Groups[2].Value) : null;

    [GeneratedRegex(@"^\{([A-Za-z0-9_-]+)\.(value|connectionString)\}$")]
    private static partial Regex WholePlaceholder();
}
