using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// The CI workflow cannot run here (it needs GitHub's runners and a container); these checks keep it honest instead: it
/// runs the README's test command on every push and pull request, keeps the results even when tests fail, and pins
/// every action by commit.
/// </summary>
public partial class CiWorkflowTests
{
    private const string TestCommand = "tests/run.sh";

    private static readonly string WorkflowPath = Path.Combine(RepositoryFiles.Root, ".github", "workflows", "ci.yml");

    [Fact]
    public void It_runs_on_every_push_and_pull_request()
    {
        var on = (IDictionary<object, object?>)Workflow()["on"]!;

        // No branch or path filter: a change anywhere can break a test.
        Assert.Null(on["push"]);
        Assert.Null(on["pull_request"]);
    }

    [Fact]
    public void It_runs_the_READMEs_test_command()
    {
        Assert.Contains($"```bash\n{TestCommand}\n```", File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md")), StringComparison.Ordinal);
        Assert.Single(Steps(), step => step.TryGetValue("run", out var run) && (run as string)?.Trim() == TestCommand);
    }

    [Fact]
    public void It_uploads_the_test_results_even_when_tests_fail()
    {
        var steps = Steps();
        var tests = steps.FindIndex(step => (Get(step, "run") as string)?.Trim() == TestCommand);
        var upload = steps.FindIndex(step => (Get(step, "uses") as string)?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);

        Assert.True(upload > tests && tests >= 0, "the results are uploaded after the tests ran");
        Assert.Equal("always()", steps[upload]["if"]);
        Assert.Equal("artifacts/test-results", ((IDictionary<object, object?>)steps[upload]["with"]!)["path"]);
    }

    [Fact]
    public void Every_action_is_pinned_by_commit_with_its_tag_beside_it()
    {
        var uses = Steps().Select(step => Get(step, "uses") as string).OfType<string>().ToList();

        Assert.Contains(uses, action => action.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal));
        Assert.All(uses, action =>
        {
            Assert.Matches(PinnedByCommit(), action);
            Assert.Matches(new Regex($"uses: {Regex.Escape(action)} # v[0-9]"), File.ReadAllText(WorkflowPath));
        });
    }

    private static IDictionary<object, object?> Workflow() =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(File.ReadAllText(WorkflowPath));

    private static List<IDictionary<object, object?>> Steps() =>
        ((IEnumerable<object>)((IDictionary<object, object?>)((IDictionary<object, object?>)Workflow()["jobs"]!)["test"]!)["steps"]!)
            .Cast<IDictionary<object, object?>>()
            .ToList();

    private static object? Get(IDictionary<object, object?> map, string key) => map.TryGetValue(key, out var value) ? value : null;

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedByCommit();
}
