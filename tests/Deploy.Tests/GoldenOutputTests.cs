using System.Text.Json.Nodes;

namespace ReferenceApp.Deploy.Tests;

public class GoldenOutputTests
{
    [Fact]
    public void Committed_output_is_what_the_generator_makes_now()
    {
        var generated = RepositoryFiles.Generated.Files;
        var root = RepositoryFiles.KubernetesDirectory;
        var onDisk = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(generated.Keys.Order(StringComparer.Ordinal).SequenceEqual(onDisk),
            "deploy/kubernetes has other files than the generator makes; run deploy/generate.sh and commit.\n" +
            $"missing: {string.Join(", ", generated.Keys.Except(onDisk))}\nextra: {string.Join(", ", onDisk.Except(generated.Keys))}");
        foreach (var (path, content) in generated)
        {
            Assert.True(content == File.ReadAllText(Path.Combine(root, path)), $"deploy/kubernetes/{path} differs from the generator's output; run deploy/generate.sh and commit.");
        }
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        var first = TestInputs.Generate().Files;
        var second = TestInputs.Generate().Files;

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_order_of_the_manifest_resources_and_env_does_not_change_the_output()
    {
        var shuffled = TestInputs.Generate(manifest =>
        {
            var resources = manifest["resources"]!.AsObject();
            var reversed = new JsonObject();
            foreach (var (name, value) in resources.Reverse().ToList())
            {
                resources.Remove(name);
                if (value is JsonObject resource && resource["env"] is JsonObject env)
                {
                    var reversedEnv = new JsonObject();
                    foreach (var (key, entry) in env.Reverse().ToList())
                    {
                        env.Remove(key);
                        reversedEnv[key] = entry;
                    }

                    resource["env"] = reversedEnv;
                }

                reversed[name] = value;
            }

            manifest["resources"] = reversed;
        });

        Assert.Equal(RepositoryFiles.Generated.Files, shuffled.Files);
    }

    [Fact]
    public void The_committed_manifest_is_the_AppHosts_publish_output_shape()
    {
        var manifest = ManifestReader.Read(RepositoryFiles.ManifestJson);

        Assert.Contains(manifest.Resources.Values, r => r is ProjectResource { Name: "orders-v1" });
        Assert.Contains(manifest.Resources.Values, r => r is ContainerResource { Name: "postgres" });
        Assert.Contains(manifest.Resources.Values, r => r is ParameterResource { Name: "postgres-password", Secret: true });
    }
}
