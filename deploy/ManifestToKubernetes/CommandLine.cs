using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Policies;

namespace ReferenceApp.Deploy;

/// <summary>The command-line front: argument parsing and writing the files; all the work is in <see cref="KustomizeGenerator"/>.</summary>
public static class CommandLine
{
    public const string Usage = "usage: ManifestToKubernetes --manifest <aspire-manifest.json> --profile <profile.json> --output <directory>";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not ("--manifest" or "--profile" or "--output") || i + 1 >= args.Length || !options.TryAdd(args[i], args[i + 1]))
            {
                error.WriteLine(Usage);
                return 2;
            }
        }

        if (options.Count != 3)
        {
            error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var manifest = ManifestReader.ReadFile(options["--manifest"]);
            var profile = DeploymentProfileReader.ReadFile(options["--profile"]);
            var result = KustomizeGenerator.Generate(manifest, profile);
            var written = OutputDirectory.Write(options["--output"], result.Files);
            output.WriteLine($"Wrote {result.Files.Count} files to {options["--output"]} ({written} changed).");
            return 0;
        }
        catch (Exception e) when (e is DeploymentInputException or PolicyViolationException or IOException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}

public static class OutputDirectory
{
    /// <summary>Writes the files with LF endings and no BOM, and removes the files of the directory it did not write.</summary>
    public static int Write(string directory, IReadOnlyDictionary<string, string> files)
    {
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        var changed = 0;
        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path) || File.ReadAllText(path) != content)
            {
                File.WriteAllText(path, content, new System.Text.UTF8Encoding(false));
                changed++;
            }
        }

        var expected = files.Keys.Select(k => Path.Combine(root, k)).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !expected.Contains(f)))
        {
            File.Delete(stale);
            changed++;
        }

        foreach (var empty in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length)
                     .Where(d => !Directory.EnumerateFileSystemEntries(d).Any()))
        {
            Directory.Delete(empty);
        }

        return changed;
    }
}
