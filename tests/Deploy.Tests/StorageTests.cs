using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>Each environment's StorageClass, and PostgreSQL's configuration computed for the sizes it runs with there.</summary>
public class StorageTests
{
    [Theory]
    [InlineData("dev", "Delete")]
    [InlineData("prod", "Retain")]
    public void Each_environment_has_an_expandable_SSD_StorageClass_its_claims_use(string environment, string reclaimPolicy)
    {
        var objects = KubernetesDocuments.ParseAll(KustomizeBuildTests.Build(environment));
        var storageClass = objects.OfType<V1StorageClass>().Single();

        Assert.True(storageClass.AllowVolumeExpansion);
        Assert.Equal("WaitForFirstConsumer", storageClass.VolumeBindingMode);
        Assert.Equal(reclaimPolicy, storageClass.ReclaimPolicy);
        Assert.Equal("gp3", storageClass.Parameters["type"]);
        Assert.Contains("noatime", storageClass.MountOptions);
        Assert.Null(storageClass.Metadata.NamespaceProperty);
        Assert.All(objects.OfType<V1StatefulSet>().SelectMany(s => s.Spec.VolumeClaimTemplates),
            claim => Assert.Equal(storageClass.Metadata.Name, claim.Spec.StorageClassName));
    }

    [Theory]
    // Clients' pools: every client replica (autoscaler maximum, else replicas) x 40, + 10 reserved; identity adds 2 x 40.
    [InlineData("dev", "256MB", "290")]
    [InlineData("prod", "1GB", "890")]
    public void PostgreSQL_reads_a_config_file_tuned_to_its_limits_and_its_clients_pools(string environment, string sharedBuffers, string maxConnections)
    {
        var objects = KubernetesDocuments.ParseAll(KustomizeBuildTests.Build(environment));
        var postgres = TestInputs.Find<V1StatefulSet>(objects, "postgres").Spec.Template.Spec;
        var file = TestInputs.Find<V1ConfigMap>(objects, "postgres-files").Data[PostgresConfigFile.FileName];
        var settings = file.Split('\n').Where(l => l.Contains(" = ", StringComparison.Ordinal))
            .ToDictionary(l => l.Split(" = ")[0], l => l.Split(" = ")[1]);

        Assert.Equal(["-c", "config_file=/etc/postgresql/postgresql.conf"], postgres.Containers[0].Args);
        Assert.Contains(postgres.Containers[0].VolumeMounts, m => m.MountPath == "/etc/postgresql" && m.ReadOnlyProperty == true);
        Assert.Equal(sharedBuffers, settings["shared_buffers"]);
        Assert.Equal(maxConnections, settings["max_connections"]);
        Assert.Equal("'*'", settings["listen_addresses"]);
    }

    [Fact]
    public void Prod_refuses_a_StorageClass_that_deletes_the_disk_with_the_claim()
    {
        var error = TestInputs.GenerationError(changeProfile: p => p["environments"]!["prod"]!["storageClass"]!["reclaimPolicy"] = "Delete");

        Assert.Contains("environments.prod.storageClass.reclaimPolicy", error, StringComparison.Ordinal);
    }
}
