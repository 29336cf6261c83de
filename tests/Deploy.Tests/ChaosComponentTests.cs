namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// components/chaos holds Chaos Mesh v2.8 experiments, each valid by Chaos Mesh's own CRD schema (unknown fields
/// rejected): pod kills of payments and orders on a schedule, latency and loss between orders and PostgreSQL, CPU
/// stress on payments.
/// </summary>
public class ChaosComponentTests
{
    private static readonly Dictionary<string, string> Component = RepositoryFiles.Generated.Files
        .Where(f => f.Key.StartsWith("components/chaos/", StringComparison.Ordinal) && !f.Key.EndsWith("kustomization.yaml", StringComparison.Ordinal))
        .ToDictionary(f => f.Key["components/chaos/".Length..], f => f.Value);

    [Fact]
    public void The_vendored_schemas_are_the_four_kinds_used()
    {
        Assert.Equal(
            ["chaos-mesh.org/v1alpha1/NetworkChaos", "chaos-mesh.org/v1alpha1/PodChaos", "chaos-mesh.org/v1alpha1/Schedule", "chaos-mesh.org/v1alpha1/StressChaos"],
            CustomResourceShapes.ChaosMesh.Kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_experiment_is_valid_by_Chaos_Mesh_s_own_schema()
    {
        Assert.Equal(
            ["networkchaos-orders-postgres-latency-loss.yaml", "schedule-kill-orders-v1.yaml", "schedule-kill-payments.yaml", "stresschaos-payments-cpu.yaml"],
            Component.Keys.Order(StringComparer.Ordinal));
        Assert.All(Component, file => Assert.Empty(CustomResourceShapes.ChaosMesh.Validate(file.Value)));
    }

    [Theory]
    [InlineData("schedule-kill-payments.yaml", "    action: pod-kill\n", "    action: pod-kill\n    gracePeriodSeconds: 0\n    restartPolicy: Never\n", "unknown field 'restartPolicy'")]
    [InlineData("schedule-kill-payments.yaml", "action: pod-kill", "action: pod-explode", "'pod-explode' is not one of")]
    [InlineData("schedule-kill-payments.yaml", "historyLimit: 5", "historyLimit: \"5\"", "must be of type integer")]
    [InlineData("networkchaos-orders-postgres-latency-loss.yaml", "action: netem", "action: slow", "'slow' is not one of")]
    [InlineData("networkchaos-orders-postgres-latency-loss.yaml", "  mode: all\n  selector", "  selector", "required field 'mode' is missing")]
    [InlineData("stresschaos-payments-cpu.yaml", "load: 90", "load: 190", "above the maximum")]
    public void A_broken_experiment_fails_the_schema(string file, string find, string replace, string expected)
    {
        var broken = Component[file].Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Component[file], broken);

        Assert.Contains(CustomResourceShapes.ChaosMesh.Validate(broken), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Experiments_target_payments_orders_and_PostgreSQL_by_the_generator_s_labels()
    {
        Assert.Contains("app.kubernetes.io/name: payments", Component["schedule-kill-payments.yaml"], StringComparison.Ordinal);
        Assert.Contains("app.kubernetes.io/name: orders-v1", Component["schedule-kill-orders-v1.yaml"], StringComparison.Ordinal);
        Assert.Contains("referenceapp/canary-group: orders", Component["networkchaos-orders-postgres-latency-loss.yaml"], StringComparison.Ordinal);
        Assert.Contains("app.kubernetes.io/name: postgres", Component["networkchaos-orders-postgres-latency-loss.yaml"], StringComparison.Ordinal);
        Assert.Contains("app.kubernetes.io/name: payments", Component["stresschaos-payments-cpu.yaml"], StringComparison.Ordinal);
    }
}
