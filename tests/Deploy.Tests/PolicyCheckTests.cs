using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>Each policy rule passes on the generated objects and fails on a copy broken in the way it guards against.</summary>
public class PolicyCheckTests
{
    [Fact]
    public void Generated_objects_pass_every_rule()
    {
        Assert.Empty(PolicyChecks.RunAll(TestInputs.BaseObjects()));
    }

    [Fact]
    public void Every_rule_has_a_breaking_test_here()
    {
        var tested = typeof(PolicyCheckTests).GetMethods().Select(m => m.Name).ToList();
        Assert.Equal(9, PolicyChecks.Rules.Count);
        Assert.Equal(PolicyChecks.Rules.Count, tested.Count(n => n.StartsWith("Breaks_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Breaks_selectors_match_pods_when_a_Deployment_selector_misses_its_labels()
    {
        var objects = TestInputs.BaseObjects();
        TestInputs.Find<V1Deployment>(objects, "frontend").Spec.Selector.MatchLabels["app.kubernetes.io/name"] = "frontnd";

        AssertFails(SelectorsMatchPods.Id, objects, "Deployment/frontend");
    }

    [Fact]
    public void Breaks_services_target_named_ports_when_a_Service_targets_a_missing_port()
    {
        var objects = TestInputs.BaseObjects();
        TestInputs.Find<V1Service>(objects, "payments").Spec.Ports[0].TargetPort = "htp";

        AssertFails(ServicesTargetNamedPorts.Id, objects, "Service/payments");
    }

    [Fact]
    public void Breaks_probe_ports_exist_when_a_probe_uses_an_undeclared_port()
    {
        var objects = TestInputs.BaseObjects();
        TestInputs.Find<V1Deployment>(objects, "gateway").Spec.Template.Spec.Containers[0].ReadinessProbe.HttpGet.Port = "metrics";

        AssertFails(ProbePortsExist.Id, objects, "Deployment/gateway");
    }

    [Fact]
    public void Breaks_network_policies_select_pods_when_a_policy_selects_nothing()
    {
        var objects = TestInputs.BaseObjects();
        TestInputs.Find<V1NetworkPolicy>(objects, "payments").Spec.PodSelector.MatchLabels["app.kubernetes.io/name"] = "nobody";

        AssertFails(NetworkPoliciesSelectPods.Id, objects, "NetworkPolicy/payments");
    }

    [Fact]
    public void Breaks_no_secret_values_when_a_password_is_in_a_ConfigMap_or_env_value()
    {
        var objects = TestInputs.BaseObjects();
        TestInputs.Find<V1ConfigMap>(objects, "gateway-config").Data["CACHE_URI"] = "redis://:hunter2@cache:6379";
        TestInputs.Find<V1Deployment>(objects, "payments").Spec.Template.Spec.Containers[0].Env.Add(new V1EnvVar { Name = "PAYMENTSDB_PASSWORD_PLAIN", Value = "hunter2" });

        var violations = PolicyChecks.Run(NoSecretValues.Id, objects);
        Assert.Contains(violations, v => v.Message.Contains("ConfigMap/gateway-config", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Message.Contains("Deployment/payments", StringComparison.Ordinal));
    }

    [Fact]
    public void Breaks_no_duplicate_env_when_a_key_is_set_twice()
    {
        var objects = TestInputs.BaseObjects();
        TestInputs.Find<V1Deployment>(objects, "orders-v1").Spec.Template.Spec.Containers[0].Env.Add(new V1EnvVar { Name = "HTTP_PORTS", Value = "9090" });

        AssertFails(NoDuplicateEnv.Id, objects, "HTTP_PORTS");
    }

    [Fact]
    public void Breaks_no_latest_tag_for_latest_and_for_no_tag()
    {
        var objects = TestInputs.BaseObjects();
        TestInputs.Find<V1StatefulSet>(objects, "cache").Spec.Template.Spec.Containers[0].Image = "docker.io/library/redis:latest";
        TestInputs.Find<V1Deployment>(objects, "frontend").Spec.Template.Spec.Containers[0].Image = "registry.example.com:5000/referenceapp/frontend";

        var violations = PolicyChecks.Run(NoLatestTag.Id, objects);
        Assert.Equal(2, violations.Count);
    }

    [Fact]
    public void Breaks_every_workload_has_pdb_when_one_is_missing()
    {
        var objects = TestInputs.BaseObjects();
        objects.Remove(TestInputs.Find<V1PodDisruptionBudget>(objects, "payments"));

        AssertFails(EveryWorkloadHasPdb.Id, objects, "Deployment/payments");
    }

    [Fact]
    public void Breaks_pods_are_hardened_when_a_pod_may_escalate_or_runs_as_a_low_uid()
    {
        var objects = TestInputs.BaseObjects();
        TestInputs.Find<V1Deployment>(objects, "frontend").Spec.Template.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = true;
        TestInputs.Find<V1StatefulSet>(objects, "postgres").Spec.Template.Spec.SecurityContext.RunAsUser = 999;
        TestInputs.Find<V1Deployment>(objects, "payments").Spec.Template.Spec.HostNetwork = true;
        // The database roles Job is held to the same rules.
        var job = TestInputs.Find<V1Job>(objects, "postgres-roles").Spec.Template.Spec;
        job.SecurityContext.RunAsUser = 0;
        job.Containers[0].SecurityContext.ReadOnlyRootFilesystem = false;

        var violations = PolicyChecks.Run(PodsAreHardened.Id, objects);
        Assert.Contains(violations, v => v.Message.Contains("Deployment/frontend", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Message.Contains("StatefulSet/postgres", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Message.Contains("Deployment/payments: must not share the node's network", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Message.Contains("Job/postgres-roles: the pod must run as non-root", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Message.Contains("Job/postgres-roles: container psql must drop ALL", StringComparison.Ordinal));
    }

    private static void AssertFails(string rule, List<IKubernetesObject<V1ObjectMeta>> objects, string expected)
    {
        var violations = PolicyChecks.Run(rule, objects);
        Assert.Contains(violations, v => v.Message.Contains(expected, StringComparison.Ordinal));
    }
}
