using ReferenceApp.Testing;

namespace ReferenceApp.Deploy.Tests;

/// <summary>The committed inputs and outputs of the generator, found from the test binaries' folder.</summary>
public static class RepositoryFiles
{
    public static string Root => RepositoryRoot.FullPath;
    public static string Deploy => Path.Combine(Root, "deploy");
    public static string ManifestPath => Path.Combine(Deploy, "aspire-manifest.json");
    public static string ProfilePath => Path.Combine(Deploy, "profile.json");
    public static string KubernetesDirectory => Path.Combine(Deploy, "kubernetes");

    public static string ManifestJson => File.ReadAllText(ManifestPath);
    public static string ProfileJson => File.ReadAllText(ProfilePath);

    private static readonly Lazy<GeneratorOutput> Committed = new(() =>
        KustomizeGenerator.Generate(ManifestReader.Read(ManifestJson), DeploymentProfileReader.Read(ProfileJson)));

    /// <summary>What the generator makes now from the committed manifest and profile.</summary>
    public static GeneratorOutput Generated => Committed.Value;

    public static IEnumerable<string> CommittedYamlFiles() =>
        Directory.EnumerateFiles(KubernetesDirectory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
}
