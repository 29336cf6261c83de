using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>The committed manifest and profile, optionally changed by a test, and the objects generated from them.</summary>
public static class TestInputs
{
    public static string ManifestJson(Action<JsonObject>? change = null) => Changed(RepositoryFiles.ManifestJson, change);

    public static string ProfileJson(Action<JsonObject>? change = null) => Changed(RepositoryFiles.ProfileJson, change);

    public static GeneratorOutput Generate(Action<JsonObject>? changeManifest = null, Action<JsonObject>? changeProfile = null) =>
        KustomizeGenerator.Generate(ManifestReader.Read(ManifestJson(changeManifest)), DeploymentProfileReader.Read(ProfileJson(changeProfile)));

    public static string GenerationError(Action<JsonObject>? changeManifest = null, Action<JsonObject>? changeProfile = null) =>
        Assert.Throws<DeploymentInputException>(() => Generate(changeManifest, changeProfile)).Message;

    /// <summary>A fresh copy of the committed base objects (read back from YAML), for a test to break.</summary>
    public static List<IKubernetesObject<V1ObjectMeta>> BaseObjects() => RepositoryFiles.Generated.Files
        .Where(f => f.Key.StartsWith("base/", StringComparison.Ordinal) && !f.Key.EndsWith("kustomization.yaml", StringComparison.Ordinal))
        .Select(f => KubernetesDocuments.Parse(f.Value))
        .ToList();

    public static T Find<T>(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, string name) where T : IKubernetesObject<V1ObjectMeta> =>
        objects.OfType<T>().Single(o => o.Metadata.Name == name);

    public static JsonObject Resource(JsonObject manifest, string name) => manifest["resources"]![name]!.AsObject();

    private static string Changed(string json, Action<JsonObject>? change)
    {
        if (change is null)
        {
            return json;
        }

        var node = JsonNode.Parse(json)!.AsObject();
        change(node);
        return node.ToJsonString();
    }
}
