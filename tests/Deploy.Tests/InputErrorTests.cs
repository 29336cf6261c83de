using System.Text.Json.Nodes;

namespace ReferenceApp.Deploy.Tests;

/// <summary>A manifest or profile the generator does not understand fails with a message naming the resource and the field.</summary>
public class InputErrorTests
{
    [Fact]
    public void An_unknown_resource_type_names_the_resource_and_the_type()
    {
        var error = TestInputs.GenerationError(manifest => TestInputs.Resource(manifest, "payments")["type"] = "project.v1");

        Assert.Contains("Resource 'payments'", error, StringComparison.Ordinal);
        Assert.Contains("'type' is 'project.v1'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_names_the_resource_and_the_field()
    {
        var error = TestInputs.GenerationError(manifest => TestInputs.Resource(manifest, "gateway")["bindings"]!["http"]!["tls"] = true);

        Assert.Contains("Resource 'gateway'", error, StringComparison.Ordinal);
        Assert.Contains("'bindings.http.tls'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_container_binding_without_a_port_is_an_error()
    {
        var error = TestInputs.GenerationError(manifest => TestInputs.Resource(manifest, "postgres")["bindings"]!["tcp"]!.AsObject().Remove("targetPort"));

        Assert.Contains("Resource 'postgres': field 'bindings.tcp.targetPort' is missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_naming_an_unknown_resource_is_an_error()
    {
        var error = TestInputs.GenerationError(manifest => TestInputs.Resource(manifest, "frontend")["env"]!["X"] = "{inventory.bindings.http.url}");

        Assert.Contains("Resource 'frontend': field 'env.X'", error, StringComparison.Ordinal);
        Assert.Contains("'inventory'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_asking_for_an_unknown_binding_property_is_an_error()
    {
        var error = TestInputs.GenerationError(manifest => TestInputs.Resource(manifest, "frontend")["env"]!["X"] = "{gateway.bindings.http.hostname}");

        Assert.Contains("'hostname' of binding 'http' of resource 'gateway'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_in_container_arguments_is_an_error()
    {
        var error = TestInputs.GenerationError(manifest => TestInputs.Resource(manifest, "cache")["args"]!.AsArray().Add("{cache-password.value}"));

        Assert.Contains("Resource 'cache': field 'args[2]' carries a secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_profile_key_is_an_error_not_ignored()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["services"]!["payments"]!["replica"] = 3);

        Assert.Contains("replica", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_profile_key_is_an_error()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["services"]!["payments"]!["resources"]!["limits"]!.AsObject().Remove("ephemeralStorage"));

        Assert.Contains("ephemeralStorage", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_service_without_a_profile_entry_is_an_error()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["services"]!.AsObject().Remove("payments"));

        Assert.Contains("services.payments is missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_entry_for_no_service_is_an_error()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["environments"]!["prod"]!["services"]!["paymnets"] = new JsonObject { ["replicas"] = 2 });

        Assert.Contains("environments.prod.services.paymnets names no service", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_latest_tag_is_refused()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["environments"]!["dev"]!["images"]!["tag"] = "latest");

        Assert.Contains("environments.dev.images.tag", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Prod_below_two_replicas_is_refused()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["environments"]!["prod"]!["services"]!["gateway"]!["replicas"] = 1);

        Assert.Contains("below minimumReplicas 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_parameter_value_in_the_profile_is_refused()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["parameters"]!["postgres-password"] = "hunter2");

        Assert.Contains("parameters.postgres-password is a secret parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_canary_weight_outside_0_to_100_is_an_error()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["canaries"]![0]!["canaryWeight"] = 120);

        Assert.Contains("canaryWeight from 0 to 100", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_router_setting_the_manifest_fixes_to_another_value_is_an_error()
    {
        var error = TestInputs.GenerationError(manifest => TestInputs.Resource(manifest, "gateway")["env"]!["Canary__Weight"] = "25");

        Assert.Contains("Resource 'gateway': field 'env.Canary__Weight'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_canary_parameter_valued_twice_is_an_error()
    {
        var error = TestInputs.GenerationError(
            manifest =>
            {
                manifest["resources"]!["canary-weight"] = JsonNode.Parse("""{"type":"parameter.v0","value":"{canary-weight.inputs.value}","inputs":{"value":{"type":"string"}}}""");
                TestInputs.Resource(manifest, "gateway")["env"]!["Canary__Weight"] = "{canary-weight.value}";
            },
            profile => profile["parameters"]!["canary-weight"] = "20");

        Assert.Contains("parameters.canary-weight feeds gateway's Canary__Weight", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_resource_may_not_take_a_name_the_generator_uses()
    {
        var error = TestInputs.GenerationError(manifest =>
        {
            var resources = manifest["resources"]!.AsObject();
            var payments = resources["payments"]!;
            resources.Remove("payments");
            resources["otel-collector"] = payments;
        });

        Assert.Contains("Resource 'otel-collector': the name is reserved", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_canary_group_may_not_share_a_service_name()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["canaries"]![0]!["name"] = "payments");

        Assert.Contains("canaries 'payments'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_parameter_in_the_profile_is_an_error()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["parameters"]!["orders-canary-weight"] = "90");

        Assert.Contains("parameters.orders-canary-weight names no parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_secret_parameter_without_a_value_is_an_error()
    {
        var error = TestInputs.GenerationError(manifest =>
        {
            manifest["resources"]!["weights"] = JsonNode.Parse("""{"type":"parameter.v0","value":"{weights.inputs.value}","inputs":{"value":{"type":"string"}}}""");
            TestInputs.Resource(manifest, "gateway")["env"]!["Weights"] = "{weights.value}";
        });

        Assert.Contains("Resource 'gateway': field 'env.Weights': parameter 'weights' has no value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replicas_next_to_autoscaling_is_an_error()
    {
        var error = TestInputs.GenerationError(changeProfile: profile => profile["environments"]!["prod"]!["services"]!["payments"] = new JsonObject { ["replicas"] = 4 });

        Assert.Contains("environments.prod.services.payments.replicas is set with autoscaling", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_reports_usage_and_input_errors()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(2, CommandLine.Run(["--manifest"], output, error));

        var directory = Directory.CreateTempSubdirectory("deploy-tests-");
        try
        {
            var profile = Path.Combine(directory.FullName, "profile.json");
            File.WriteAllText(profile, TestInputs.ProfileJson(p => p["images"]!["tag"] = "latest"));
            Assert.Equal(1, CommandLine.Run(["--manifest", RepositoryFiles.ManifestPath, "--profile", profile, "--output", Path.Combine(directory.FullName, "out")], output, error));
            Assert.Contains("images.tag", error.ToString(), StringComparison.Ordinal);

            var outputDirectory = Path.Combine(directory.FullName, "good");
            Directory.CreateDirectory(Path.Combine(outputDirectory, "base"));
            File.WriteAllText(Path.Combine(outputDirectory, "base", "stale.yaml"), "stale");
            Assert.Equal(0, CommandLine.Run(["--manifest", RepositoryFiles.ManifestPath, "--profile", RepositoryFiles.ProfilePath, "--output", outputDirectory], output, error));
            Assert.False(File.Exists(Path.Combine(outputDirectory, "base", "stale.yaml")));
            Assert.True(File.Exists(Path.Combine(outputDirectory, "overlays", "prod", "kustomization.yaml")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
