using System.Diagnostics;
using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>`kubectl kustomize` (offline) builds every committed overlay, and what it builds passes every check.</summary>
public class KustomizeBuildTests
{
    public static TheoryData<string> Overlays() => new(Directory
        .EnumerateDirectories(Path.Combine(RepositoryFiles.KubernetesDirectory, "overlays"))
        .Select(Path.GetFileName)
        .OfType<string>()
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_builds_and_passes_every_check(string overlay)
    {
        var objects = KubernetesDocuments.ParseAll(Build(overlay));

        Assert.NotEmpty(objects);
        Assert.Empty(objects.SelectMany(o => o is CustomResource c ? CustomResourceShapes.Check(c) : SchemaRules.Check(o)));
        var environment = overlay.Split('-')[0];
        var expectedNamespace = DeploymentProfileReader.Read(RepositoryFiles.ProfileJson).Environments[environment].Namespace;
        // The application's policies hold in the application's namespace; the logging component's node agent (root,
        // hostPath, in its own namespace) is checked by LoggingComponentTests.
        Assert.Empty(PolicyChecks.RunAll(objects.Where(o => o is CustomResource
            || ((k8s.IKubernetesObject<V1ObjectMeta>)o).Metadata.NamespaceProperty is null
            || ((k8s.IKubernetesObject<V1ObjectMeta>)o).Metadata.NamespaceProperty == expectedNamespace).ToList()));
        foreach (var value in objects)
        {
            var metadata = value is CustomResource c ? c.Metadata : ((k8s.IKubernetesObject<V1ObjectMeta>)value).Metadata;
            // Cluster-scoped kinds have no namespace; the logging component keeps its own.
            if (value is not (V1Namespace or V1StorageClass or V1ClusterRole or V1ClusterRoleBinding))
            {
                var allowed = overlay.EndsWith("-logging", StringComparison.Ordinal)
                    ? [expectedNamespace, DeploymentProfileReader.Read(RepositoryFiles.ProfileJson).Logging!.Namespace]
                    : new[] { expectedNamespace };
                Assert.Contains(metadata.NamespaceProperty, allowed);
            }
        }
    }

    [Fact]
    public void Prod_runs_at_least_two_replicas_of_every_Deployment()
    {
        var objects = KubernetesDocuments.ParseAll(Build("prod"));
        var autoscalers = objects.OfType<V2HorizontalPodAutoscaler>().ToDictionary(h => h.Spec.ScaleTargetRef.Name);

        foreach (var deployment in objects.OfType<V1Deployment>())
        {
            var floor = autoscalers.TryGetValue(deployment.Metadata.Name, out var hpa) ? hpa.Spec.MinReplicas : deployment.Spec.Replicas;
            Assert.True(floor >= 2, $"{deployment.Metadata.Name} runs {floor} replica(s) in prod");
            if (hpa is not null)
            {
                Assert.Null(deployment.Spec.Replicas);
            }
        }
    }

    [Fact]
    public void Overlays_set_the_environment_images_and_sizes()
    {
        var dev = KubernetesDocuments.ParseAll(Build("dev"));
        var prod = KubernetesDocuments.ParseAll(Build("prod"));

        Assert.Equal("registry.example.com/referenceapp-dev/gateway:1.0.0-dev", TestInputs.Find<V1Deployment>(dev, "gateway").Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("registry.example.com/referenceapp/gateway:1.0.0", TestInputs.Find<V1Deployment>(prod, "gateway").Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(1, TestInputs.Find<V1Deployment>(dev, "gateway").Spec.Replicas);
        Assert.Equal(3, TestInputs.Find<V1Deployment>(prod, "gateway").Spec.Replicas);
        Assert.Equal("1", TestInputs.Find<V1Deployment>(prod, "gateway").Spec.Template.Spec.Containers[0].Resources.Limits["cpu"].ToString());
        Assert.Equal("referenceapp-prod-ssd", TestInputs.Find<V1StatefulSet>(prod, "postgres").Spec.VolumeClaimTemplates[0].Spec.StorageClassName);
        Assert.Equal("50Gi", TestInputs.Find<V1StatefulSet>(prod, "postgres").Spec.VolumeClaimTemplates[0].Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("shop.dev.example.com", TestInputs.Find<V1Ingress>(dev, "frontend").Spec.Rules.Single().Host);
        Assert.Equal(10, TestInputs.Find<V2HorizontalPodAutoscaler>(prod, "payments").Spec.MaxReplicas);
        Assert.Equal("restricted", TestInputs.Find<V1Namespace>(prod, "referenceapp-prod").Metadata.Labels["pod-security.kubernetes.io/enforce"]);
    }

    [Fact]
    public void Mesh_overlay_splits_the_orders_Service_90_10_at_the_waypoint()
    {
        var objects = KubernetesDocuments.ParseAll(Build("prod-mesh"));
        var route = objects.OfType<CustomResource>().Single(c => c.Kind == "HTTPRoute");
        var parent = (IReadOnlyDictionary<string, object>)((IEnumerable<object>)route.Spec["parentRefs"]).Single();
        var backends = ((IEnumerable<object>)((IReadOnlyDictionary<string, object>)((IEnumerable<object>)route.Spec["rules"]).Single())["backendRefs"])
            .Cast<IReadOnlyDictionary<string, object>>()
            .ToDictionary(r => (string)r["name"], r => r["weight"].ToString());

        Assert.Equal(("Service", "orders"), ((string)parent["kind"], (string)parent["name"]));
        Assert.Equal(new Dictionary<string, string?> { ["orders-v1"] = "90", ["orders-v2"] = "10" }, backends);
        // Each backend is a track's own Service: HTTPRoute splits between Services, not DestinationRule subsets.
        Assert.All(backends.Keys, name => Assert.Contains(objects.OfType<V1Service>(), s => s.Metadata.Name == name));
        var waypoint = objects.OfType<CustomResource>().Single(c => c.Kind == "Gateway");
        Assert.Equal("istio-waypoint", waypoint.Spec["gatewayClassName"]);
        Assert.Equal("waypoint", TestInputs.Find<V1Service>(objects, "orders").Metadata.Labels["istio.io/use-waypoint"]);
        Assert.DoesNotContain(objects.OfType<CustomResource>(), c => c.Kind is "VirtualService" or "DestinationRule");
    }

    [Fact]
    public void Mesh_overlay_enrols_the_namespace_in_ambient_mode_and_keeps_Pod_Security_restricted()
    {
        var mesh = TestInputs.Find<V1Namespace>(KubernetesDocuments.ParseAll(Build("prod-mesh")), "referenceapp-prod").Metadata.Labels;
        var plain = TestInputs.Find<V1Namespace>(KubernetesDocuments.ParseAll(Build("prod")), "referenceapp-prod").Metadata.Labels;

        Assert.Equal("ambient", mesh["istio.io/dataplane-mode"]);
        Assert.Equal("restricted", mesh["pod-security.kubernetes.io/enforce"]);
        // Sidecar injection would add istio-init (NET_ADMIN, root), which "restricted" refuses.
        Assert.False(mesh.ContainsKey("istio-injection"));
        Assert.False(plain.ContainsKey("istio.io/dataplane-mode"));
    }

    [Fact]
    public void Mesh_overlay_lets_the_HBONE_tunnel_and_ambient_kubelet_probes_through_the_default_deny()
    {
        var policies = KubernetesDocuments.ParseAll(Build("prod-mesh")).OfType<V1NetworkPolicy>().ToList();
        var hbone = policies.Single(p => p.Metadata.Name == "allow-mesh-hbone").Spec;
        var probes = policies.Single(p => p.Metadata.Name == "allow-ambient-kubelet-probes").Spec;

        Assert.Empty(hbone.PodSelector.MatchLabels ?? new Dictionary<string, string>());
        Assert.Equal("15008", Assert.Single(Assert.Single(hbone.Ingress).Ports).Port.Value);
        Assert.Equal("15008", Assert.Single(Assert.Single(hbone.Egress).Ports).Port.Value);
        Assert.Equal("169.254.7.127/32", Assert.Single(Assert.Single(probes.Ingress).FromProperty).IpBlock.Cidr);
        Assert.DoesNotContain(KubernetesDocuments.ParseAll(Build("prod")).OfType<V1NetworkPolicy>(), p => p.Metadata.Name == "allow-mesh-hbone");
    }

    [Fact]
    public void In_mesh_mode_the_gateway_sends_orders_traffic_to_the_orders_Service_and_neither_splits_nor_analyses()
    {
        var mesh = KubernetesDocuments.ParseAll(Build("prod-mesh"));
        var plain = KubernetesDocuments.ParseAll(Build("prod"));
        var config = TestInputs.Find<V1ConfigMap>(mesh, "gateway-config").Data;

        Assert.Equal("http://orders:8080", config["services__orders-v1__http__0"]);
        Assert.Equal("http://orders:8080", config["services__orders-v2__http__0"]);
        Assert.Equal("0", config["Canary__Weight"]);
        Assert.Equal("false", config["Canary__Analysis__Enabled"]);
        Assert.Equal("false", config["Canary__Promotion__Enabled"]);
        // YARP's own policy instead of the gateway's WeightedVersion: no split, no sticky version cookie.
        Assert.Equal("FirstAlphabetical", config["ReverseProxy__Clusters__orders__LoadBalancingPolicy"]);
        Assert.False(TestInputs.Find<V1ConfigMap>(plain, "gateway-config").Data.ContainsKey("ReverseProxy__Clusters__orders__LoadBalancingPolicy"));
        Assert.Equal("http://payments:8080", config["services__payments__http__0"]);
        Assert.NotEqual(
            TestInputs.Find<V1Deployment>(plain, "gateway").Spec.Template.Metadata.Annotations["checksum/config"],
            TestInputs.Find<V1Deployment>(mesh, "gateway").Spec.Template.Metadata.Annotations["checksum/config"]);
        Assert.Equal("10", TestInputs.Find<V1ConfigMap>(plain, "gateway-config").Data["Canary__Weight"]);
    }

    // What a machine without a suitable kubectl needs to hear, instead of a bare "No such file or directory".
    private const string KubectlHint =
        "These tests need kubectl 1.21 or later on PATH (its kustomize builds the overlays; Debian 12's kubernetes-client 1.20 cannot): " +
        "tests/run.sh installs one with tests/install-kubectl.sh.";

    public static string Build(string overlay)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(RepositoryFiles.KubernetesDirectory, "overlays", overlay)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"kubectl could not be started ({e.Message}). {KubectlHint}");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {error}\n{KubectlHint}");
            return output.Result;
        }
    }
}
