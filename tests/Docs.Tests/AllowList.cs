namespace ReferenceApp.Docs.Tests;

/// <summary>
/// What the docs may name although the rules cannot find it, each with the reason. Every entry must still be needed
/// (a test fails when one is not), so the list cannot rot. Empty today: add an entry with its reason rather than
/// loosening a rule in PathReferences or ConfigurationKeys.
/// </summary>
public static class AllowList
{
    public static readonly IReadOnlyDictionary<string, string> Paths = new Dictionary<string, string>
    {
    };

    public static readonly IReadOnlyDictionary<string, string> ConfigurationKeys = new Dictionary<string, string>
    {
    };
}
