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
    public void The_workflow_rebuilds_main_s_images_weekly_and_pushes_them_like_a_push()
    {
        var text = File.ReadAllText(WorkflowPath);
        var workflow = (Dictionary<string, object>)KubernetesDocuments.Normalize(new DeserializerBuilder().Build().Deserialize<object>(text))!;
        var schedule = (IEnumerable<object>)((IReadOnlyDictionary<string, object>)workflow["on"])["schedule"];
        var cron = (string)((IReadOnlyDictionary<string, object>)schedule.Single())["cron"];
        var steps = Steps(workflow);

        Assert.Matches(@"^\d+ \d+ \* \* \d$", cron);
        Assert.Equal("github.event_name != 'pull_request'", steps.Single(s => (s.GetValueOrDefault("name") as string) == "Push")["if"]);
        Assert.DoesNotContain("github.event_name == 'push'", text, StringComparison.Ordinal);
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

    [Fact]
    public void Every_action_is_pinned_by_a_commit_the_Trivy_action_included()
    {
        var uses = ActionUses().Matches(File.ReadAllText(WorkflowPath)).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains(uses, u => u.StartsWith("aquasecurity/trivy-action@", StringComparison.Ordinal));
        Assert.All(uses, u => Assert.Matches("@[0-9a-f]{40}$", u));
    }

    [Theory]
    [InlineData("dev", "refs/heads/main")]
    [InlineData("prod", "refs/tags/v{prodTag}")]
    public void CI_builds_exactly_the_images_the_overlay_names(string overlay, string gitRef)
    {
        var profile = DeploymentProfileReader.Read(RepositoryFiles.ProfileJson);
        gitRef = gitRef.Replace("{prodTag}", profile.Environments["prod"].Images.Tag, StringComparison.Ordinal);
        var named = KubernetesDocuments.ParseAll(KustomizeBuildTests.Build(overlay)).OfType<V1Deployment>()
            .SelectMany(d => d.Spec.Template.Spec.Containers.Select(c => c.Image))
            .Where(image => image.StartsWith(profile.Environments[overlay].Images.Registry + "/", StringComparison.Ordinal))
            .ToHashSet();
        var built = Matrix().Keys.SelectMany(image => ImageRefs(image, gitRef, "0123456789abcdef0123456789abcdef01234567").Output).ToHashSet();

        Assert.Equal(Matrix().Count, named.Count);
        Assert.Subset(built, named);
    }

    [Fact]
    public void A_release_tag_that_is_not_the_prod_overlays_tag_fails_the_build()
    {
        var (exitCode, output) = ImageRefs("orders", "refs/tags/v0.0.1-other", "0123456789abcdef0123456789abcdef01234567");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
    }

    [Fact]
    public void The_workflow_tags_pushes_and_pins_what_image_refs_prints_on_base_images_resolved_to_digests()
    {
        var workflow = (Dictionary<string, object>)KubernetesDocuments.Normalize(new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(WorkflowPath)))!;
        var steps = Steps(workflow);
        var refs = steps.Single(s => (s.GetValueOrDefault("id") as string) == "refs");
        var baseImages = steps.Single(s => (s.GetValueOrDefault("id") as string) == "base");
        var build = steps.Single(s => (s.GetValueOrDefault("uses") as string)?.StartsWith("docker/build-push-action@", StringComparison.Ordinal) == true);
        var with = (IReadOnlyDictionary<string, object>)build["with"];

        Assert.Contains("deploy/docker/image-refs.sh", (string)refs["run"], StringComparison.Ordinal);
        Assert.Equal("${{ steps.refs.outputs.refs }}", with["tags"]);
        Assert.Contains("docker buildx imagetools inspect", (string)baseImages["run"], StringComparison.Ordinal);
        Assert.Contains("SDK_IMAGE=${{ steps.base.outputs.sdk }}", (string)with["build-args"], StringComparison.Ordinal);
        Assert.Contains("RUNTIME_IMAGE=${{ steps.base.outputs.runtime }}", (string)with["build-args"], StringComparison.Ordinal);
        var pin = (IReadOnlyDictionary<string, object>)((IReadOnlyDictionary<string, object>)workflow["jobs"])["pin-prod-digests"];
        Assert.Contains(((IEnumerable<object>)pin["steps"]).Cast<IReadOnlyDictionary<string, object>>(),
            s => (s.GetValueOrDefault("run") as string)?.Contains("kustomize edit set image", StringComparison.Ordinal) == true);
    }

    /// <summary>Runs deploy/docker/image-refs.sh as the workflow does (bash and jq, both on GitHub's runners and here).</summary>
    private static (int ExitCode, List<string> Output) ImageRefs(string image, string gitRef, string sha)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(RepositoryFiles.Deploy, "docker", "image-refs.sh"), image, gitRef, sha])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    private static Dictionary<string, string> Matrix()
    {
        var workflow = (Dictionary<string, object>)KubernetesDocuments.Normalize(new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(WorkflowPath)))!;
        var job = (IReadOnlyDictionary<string, object>)((IReadOnlyDictionary<string, object>)workflow["jobs"])["image"];
        return ((IEnumerable<object>)((IReadOnlyDictionary<string, object>)((IReadOnlyDictionary<string, object>)job["strategy"])["matrix"])["include"])
            .Cast<IReadOnlyDictionary<string, object>>()
            .ToDictionary(entry => (string)entry["image"], entry => (string)entry["project"]);
    }

    private static List<IReadOnlyDictionary<string, object>> Steps(Dictionary<string, object> workflow) =>
        ((IEnumerable<object>)((IReadOnlyDictionary<string, object>)((IReadOnlyDictionary<string, object>)workflow["jobs"])["image"])["steps"])
            .Cast<IReadOnlyDictionary<string, object>>()
            .ToList();

    [GeneratedRegex(@"^\s*(?:-\s+)?uses:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex ActionUses();

    [GeneratedRegex(@"^ARG (?:SDK|RUNTIME)_IMAGE=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex BaseImage();
}
