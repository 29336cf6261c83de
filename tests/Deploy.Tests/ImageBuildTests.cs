using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// There is no Docker engine here, so the Dockerfile and the images workflow cannot run; these checks keep them
/// honest instead: pinned bases, a non-root user, the Trivy gate, and one image for every project of the manifest.
/// </summary>
public partial class ImageBuildTests
{
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepositoryFiles.Deploy, "docker", "Dockerfile"));
    private static readonly string WorkflowPath = Path.Combine(RepositoryFiles.Root, ".github", "workflows", "images.yml");

    [Fact]
    public void Base_images_are_pinned_to_exact_versions()
    {
        var images = BaseImage().Matches(Dockerfile).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(2, images.Count);
        Assert.All(images, image => Assert.Matches(@":\d+\.\d+\.\d+-", image));
        Assert.Contains(images, image => image.Contains("chiseled", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_stage_runs_as_a_user_above_10000_without_a_shell_entrypoint()
    {
        var runtime = Dockerfile[Dockerfile.IndexOf("AS runtime", StringComparison.Ordinal)..];
        var user = Regex.Match(runtime, @"^USER (\d+):(\d+)$", RegexOptions.Multiline);

        Assert.True(user.Success, "the runtime stage needs USER uid:gid");
        Assert.True(int.Parse(user.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 10000);
        Assert.True(int.Parse(user.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) > 10000);
        Assert.DoesNotContain("RUN ", runtime, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"/app/service\"]", runtime, StringComparison.Ordinal);
        Assert.Equal(DeploymentProfileReader.Read(RepositoryFiles.ProfileJson).PodSecurity.RunAsUser.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Groups[1].Value);
    }

    [Fact]
    public void The_workflow_scans_with_Trivy_failing_on_high_and_critical_before_pushing()
    {
        var workflow = (Dictionary<string, object>)KubernetesDocuments.Normalize(new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(WorkflowPath)))!;
        var steps = Steps(workflow);
        var scan = steps.FindIndex(s => (s.GetValueOrDefault("uses") as string)?.StartsWith("aquasecurity/trivy-action@", StringComparison.Ordinal) == true);
        var push = steps.FindIndex(s => (s.GetValueOrDefault("name") as string) == "Push");

        Assert.True(scan >= 0 && push > scan, "Trivy must scan before the push");
        var with = (IReadOnlyDictionary<string, object>)steps[scan]["with"];
        Assert.Equal("HIGH,CRITICAL", with["severity"]);
        Assert.Equal("1", with["exit-code"]);
    }

    [Fact]
    public void The_workflow_builds_an_image_for_every_project_of_the_manifest()
    {
        var workflow = (Dictionary<string, object>)KubernetesDocuments.Normalize(new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(WorkflowPath)))!;
        var job = (IReadOnlyDictionary<string, object>)((IReadOnlyDictionary<string, object>)workflow["jobs"])["image"];
        var matrix = ((IEnumerable<object>)((IReadOnlyDictionary<string, object>)((IReadOnlyDictionary<string, object>)job["strategy"])["matrix"])["include"])
            .Cast<IReadOnlyDictionary<string, object>>()
            .ToDictionary(entry => (string)entry["image"], entry => (string)entry["project"]);
        var images = RepositoryFiles.Generated.Model.Workloads
            .Where(w => w.Kind == WorkloadKind.Project)
            .Select(w => w.Image.Split('/')[^1].Split(':')[0])
            .ToHashSet();

        Assert.Equal(images.Order(), matrix.Keys.Order());
        Assert.All(matrix.Values, project => Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, project)), project));
    }

    private static List<IReadOnlyDictionary<string, object>> Steps(Dictionary<string, object> workflow) =>
        ((IEnumerable<object>)((IReadOnlyDictionary<string, object>)((IReadOnlyDictionary<string, object>)workflow["jobs"])["image"])["steps"])
            .Cast<IReadOnlyDictionary<string, object>>()
            .ToList();

    [GeneratedRegex(@"^ARG (?:SDK|RUNTIME)_IMAGE=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex BaseImage();
}
