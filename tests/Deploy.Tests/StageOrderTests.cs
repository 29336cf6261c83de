using ReferenceApp.Architecture.Tests;
using ReferenceApp.Deploy;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// The generator is a pipeline of stages, one folder (namespace) each, and a stage uses only the stages before it
/// (issue 18, item 4): a builder never calls validation, a policy never reaches into a builder's internals, and no two
/// stages import each other. The pipeline itself (the root namespace) composes them.
/// </summary>
public class StageOrderTests
{
    private static readonly string[] Stages = ["Input", "Validation", "Model", "Builders", "Policies", "Output"];

    /// <summary>What each stage may use besides itself and Input (everyone reads the inputs' types).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Input"] = [],
        ["Model"] = ["Input"],
        ["Validation"] = ["Input", "Model"],
        ["Builders"] = ["Input", "Model"],
        ["Policies"] = ["Input", "Builders"],
        ["Output"] = ["Input", "Model", "Builders"],
    };

    [Fact]
    public void Every_generator_type_sits_in_a_stage_or_is_the_pipeline()
    {
        // Iterators and lambdas compile to nested types: they belong to the stage of the type that declares them.
        var loose = GeneratorTypes().Where(t => StageOf(t) is null && t.Namespace != "ReferenceApp.Deploy").Select(t => t.FullName).ToList();

        Assert.Empty(loose);
        Assert.All(Stages, stage => Assert.Contains(GeneratorTypes(), t => StageOf(t) == stage));
    }

    [Fact]
    public void Each_stage_uses_only_the_stages_before_it()
    {
        var violations = Uses(GeneratorTypes())
            .Where(u => !Allowed[u.From].Contains(u.To))
            .Select(u => $"{u.From} uses {u.To}: {u.Example}")
            .ToList();

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_check_sees_a_stage_using_a_later_one()
    {
        // The pipeline's own type uses every stage; read as if it sat in Model, it would break the order.
        var pipelineUses = Uses([typeof(KustomizeGenerator)], fromStage: "Model").Select(u => u.To).ToHashSet();

        Assert.Contains("Builders", pipelineUses);
        Assert.Contains("Output", pipelineUses);
    }

    private static IEnumerable<(string From, string To, string Example)> Uses(IEnumerable<Type> types, string? fromStage = null)
    {
        var assembly = typeof(KustomizeGenerator).Assembly;
        foreach (var type in types)
        {
            var from = fromStage ?? StageOf(type);
            if (from is null)
            {
                continue;
            }

            foreach (var used in TypeDependencies.Of(type).Where(u => u.Assembly == assembly))
            {
                if (StageOf(used) is { } to && to != from)
                {
                    yield return (from, to, $"{type.FullName} → {used.FullName}");
                }
            }
        }
    }

    private static List<Type> GeneratorTypes() => typeof(KustomizeGenerator).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("ReferenceApp.Deploy", StringComparison.Ordinal) == true)
        .ToList();

    private static string? StageOf(Type type)
    {
        var outer = type;
        while (outer.DeclaringType is not null)
        {
            outer = outer.DeclaringType;
        }

        var parts = outer.Namespace?.Split('.') ?? [];
        return parts.Length >= 3 && parts[0] == "ReferenceApp" && parts[1] == "Deploy" && Stages.Contains(parts[2]) ? parts[2] : null;
    }
}
