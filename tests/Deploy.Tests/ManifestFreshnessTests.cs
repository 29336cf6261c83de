using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// The committed deploy/aspire-manifest.json is what the AppHost publishes now: an AppHost change (a new env var,
/// parameter or service) without deploy/generate.sh fails here, before it can deploy a stale system.
/// </summary>
public partial class ManifestFreshnessTests
{
    [Fact]
    public async Task Committed_manifest_is_what_the_AppHost_publishes_now()
    {
        var directory = Directory.CreateTempSubdirectory("deploy-manifest-");
        try
        {
            var path = Path.Combine(directory.FullName, "aspire-manifest.json");
            var start = new ProcessStartInfo("dotnet", ["run", "--project", Path.Combine(RepositoryFiles.Root, "AppHost"), "--", "--publisher", "manifest", "--output-path", path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepositoryFiles.Root,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            Assert.True(process.ExitCode == 0 && File.Exists(path), $"The AppHost failed to publish: {await output}{await error}");
            Assert.True(
                Normalize(File.ReadAllText(path), directory.FullName) == Normalize(RepositoryFiles.ManifestJson, RepositoryFiles.Deploy),
                "deploy/aspire-manifest.json is not what the AppHost publishes now; run deploy/generate.sh and commit.");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Project paths are written relative to the manifest's folder and volume names carry a hash of the AppHost's path:
    /// both depend on where the files are, not on what the AppHost declares.
    /// </summary>
    private static string Normalize(string json, string manifestDirectory)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        foreach (var (_, resource) in root["resources"]!.AsObject())
        {
            if (resource?["path"]?.GetValue<string>() is { } projectPath)
            {
                resource["path"] = Path.GetRelativePath(RepositoryFiles.Root, Path.GetFullPath(Path.Combine(manifestDirectory, projectPath))).Replace('\\', '/');
            }

            foreach (var volume in resource?["volumes"]?.AsArray() ?? [])
            {
                volume!["name"] = VolumeHash().Replace(volume["name"]!.GetValue<string>(), "$1<hash>$2");
            }
        }

        return root.ToJsonString();
    }

    [GeneratedRegex("^(.*-)[0-9a-f]{10}(-.*)$")]
    private static partial Regex VolumeHash();
}
