namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// The generator checks each overlay as the cluster receives it (its patches applied), not only the base: a patch that
/// breaks a rule is caught before any file is written.
/// </summary>
public class OverlayPolicyTests
{
    [Fact]
    public void A_patch_merges_into_its_target_by_name_and_leaves_the_rest()
    {
        var objects = TestInputs.BaseObjects();
        var patch = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = "gateway" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 7,
                Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "gateway", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3") } } }] } },
            },
        };

        var patched = TestInputs.Find<V1Deployment>(PatchedObjects.Apply(objects, [patch]), "gateway");

        Assert.Equal(7, patched.Spec.Replicas);
        var container = Assert.Single(patched.Spec.Template.Spec.Containers);
        Assert.Equal(TestInputs.Find<V1Deployment>(objects, "gateway").Spec.Template.Spec.Containers[0].Image, container.Image);
        Assert.Equal("3", container.Resources.Limits["cpu"].ToString());
        Assert.True(container.Resources.Limits.ContainsKey("memory"));
    }

    [Fact]
    public void A_patch_that_breaks_a_rule_is_reported_on_the_overlay()
    {
        var objects = TestInputs.BaseObjects();
        var patch = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = "payments" },
            Spec = new V1DeploymentSpec
            {
                Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "payments", SecurityContext = new V1SecurityContext { ReadOnlyRootFilesystem = false } }] } },
            },
        };

        Assert.Empty(PolicyChecks.RunAll(objects));
        Assert.Contains(PolicyChecks.RunAll(PatchedObjects.Apply(objects, [patch])),
            v => v.Rule == PodsAreHardened.Id && v.Message.Contains("Deployment/payments", StringComparison.Ordinal));
    }

    [Fact]
    public void A_patch_without_a_target_is_refused()
    {
        var patch = new V1Deployment { ApiVersion = "apps/v1", Kind = "Deployment", Metadata = new V1ObjectMeta { Name = "nowhere" } };

        Assert.Throws<InvalidOperationException>(() => PatchedObjects.Apply(TestInputs.BaseObjects(), [patch]));
    }
}
