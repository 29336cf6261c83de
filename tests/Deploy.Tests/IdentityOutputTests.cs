using System.Text.Json.Nodes;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// The identity service in the cluster (issue 15): its token keys come from a Secret mounted as files, only its public
/// endpoints are on the public host, and the gateway's X-Admin-Key break-glass is off whatever the AppHost publishes.
/// </summary>
public class IdentityOutputTests
{
    private static readonly List<IKubernetesObject<V1ObjectMeta>> Objects = RepositoryFiles.Generated.BaseObjects.ToList();

    [Fact]
    public void The_token_keys_are_files_of_a_Secret_mounted_read_only_where_the_configuration_points()
    {
        var pod = TestInputs.Find<V1Deployment>(Objects, "identity").Spec.Template.Spec;
        var config = TestInputs.Find<V1ConfigMap>(Objects, "identity-config").Data;
        var volume = pod.Volumes.Single(v => v.Secret is not null);
        var mount = pod.Containers.Single().VolumeMounts.Single(m => m.Name == volume.Name);

        Assert.Equal("identity-keys", volume.Secret.SecretName);
        Assert.True(mount.ReadOnlyProperty);
        Assert.Equal(mount.MountPath + "/signing.pem", config["Identity__Keys__SigningKeyFile"]);
        Assert.Equal(mount.MountPath + "/encryption.pem", config["Identity__Keys__EncryptionKeyFile"]);
        Assert.Contains("| `identity-keys` | `signing.pem` |", RepositoryFiles.Generated.Files["SECRETS.md"], StringComparison.Ordinal);
        Assert.Contains("--from-file=signing.pem=./signing.pem", RepositoryFiles.Generated.Files["SECRETS.md"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/connect/authorize", "identity")]
    [InlineData("/connect/token", "identity")]
    [InlineData("/.well-known/openid-configuration", "identity")]
    [InlineData("/.well-known/jwks", "identity")]
    [InlineData("/Account/Login", "identity")]
    [InlineData("/account.css", "identity")]
    [InlineData("/metrics", null)]
    [InlineData("/health", null)]
    [InlineData("/", null)]
    public void The_public_host_routes_only_the_OpenID_endpoints_and_account_pages(string path, string? service)
    {
        var ingress = TestInputs.Find<V1Ingress>(KubernetesDocuments.ParseAll(KustomizeBuildTests.Build("prod")), "identity");

        Assert.Equal(service, IngressRouting.Resolve(ingress, path));
    }

    [Fact]
    public void The_gateway_break_glass_is_off_in_the_cluster()
    {
        Assert.Equal("false", TestInputs.Find<V1ConfigMap>(Objects, "gateway-config").Data["Gateway__AdminKeyBreakGlass"]);
    }

    [Fact]
    public void The_gateway_believes_forwarded_headers_only_from_the_ingress_controllers_pod_network()
    {
        var config = TestInputs.Find<V1ConfigMap>(Objects, "gateway-config").Data;
        var trusted = config.Where(setting => setting.Key.StartsWith("Gateway__ForwardedHeaders__", StringComparison.Ordinal)).ToList();

        // One network, in CIDR notation (the gateway refuses to start otherwise), and not everyone.
        var network = Assert.Single(trusted);
        Assert.Equal("Gateway__ForwardedHeaders__KnownNetworks__0", network.Key);
        Assert.True(System.Net.IPNetwork.TryParse(network.Value, out var parsed), network.Value);
        Assert.NotEqual(0, parsed.PrefixLength);
    }

    [Fact]
    public void A_profile_setting_may_not_replace_a_secret_of_the_manifest()
    {
        var error = TestInputs.GenerationError(changeProfile: profile =>
            profile["services"]!["identity"]!["config"] = new JsonObject { ["Identity__Storefront__Secret"] = "plain" });

        Assert.Contains("services.identity.config.Identity__Storefront__Secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_files_may_not_be_mounted_over_tmp()
    {
        var error = TestInputs.GenerationError(changeProfile: profile =>
            profile["services"]!["identity"]!["secretFiles"]!["mountPath"] = "/tmp");

        Assert.Contains("services.identity.secretFiles", error, StringComparison.Ordinal);
    }
}
