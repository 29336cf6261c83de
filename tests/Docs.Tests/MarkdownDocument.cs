using System.Text.RegularExpressions;

namespace ReferenceApp.Docs.Tests;

/// <summary>What a Markdown document names: link targets, inline code spans, the words of its code blocks, its headings.</summary>
public sealed partial class MarkdownDocument
{
    public MarkdownDocument(string path, string text)
    {
        Path = path;
        var prose = new List<string>();
        var code = new List<string>();
        var inFence = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            (inFence ? code : prose).Add(line);
        }

        var proseText = string.Join('\n', prose);
        Links = [.. LinkPattern().Matches(proseText).Select(m => m.Groups["target"].Value)];
        CodeSpans = [.. CodeSpanPattern().Matches(proseText).Select(m => m.Groups["code"].Value.Trim())];
        CodeBlockWords = [.. code.SelectMany(Words)];
        CodeWords = [.. CodeSpans.SelectMany(Words).Concat(CodeBlockWords).Distinct()];
        Anchors = prose.Where(line => line.StartsWith('#')).Select(line => Anchor(line.TrimStart('#'))).ToHashSet();
    }

    /// <summary>Repository-relative path of the document, with '/' separators.</summary>
    public string Path { get; }

    /// <summary>Targets of [text](target) links outside code blocks, as written.</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>Contents of `inline code` spans outside code blocks.</summary>
    public IReadOnlyList<string> CodeSpans { get; }

    /// <summary>Whitespace-separated words of fenced code blocks (commands, file trees).</summary>
    public IReadOnlyList<string> CodeBlockWords { get; }

    /// <summary>The words of its code spans and code blocks: what may name a path or a configuration key.</summary>
    public IReadOnlyList<string> CodeWords { get; }

    /// <summary>The anchors its headings get on GitHub.</summary>
    public IReadOnlySet<string> Anchors { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)?.Replace('\\', '/') ?? "";

    /// <summary>GitHub's heading anchor: lower case, punctuation other than '-' and '_' dropped, spaces become '-'.</summary>
    public static string Anchor(string heading) =>
        AnchorDropped().Replace(heading.Trim().ToLowerInvariant(), "").Replace(' ', '-');

    private static string[] Words(string text) => text.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex CodeSpanPattern();

    [GeneratedRegex(@"[^\p{L}\p{N} _-]")]
    private static partial Regex AnchorDropped();
}
