using System.Diagnostics;
using System.Text.Json;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using YamlDotNet.Serialization;

namespace ReferenceApp.Deploy.Tests;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>
/// components/logging: Fluent Bit tails our namespaces' container logs, lifts our JSON fields (trace and span ids
/// included) with its Lua filter, adds Kubernetes metadata, and writes to Elasticsearch and S3 with credentials from
/// Secrets; a Job installs the ILM policy, index template and Kibana objects. Neither Fluent Bit nor Elasticsearch runs
/// here: the configuration's structure is checked, and a real log line of ours is run through the real Lua filter.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public class LoggingComponentTests
{
    private static readonly Dictionary<string, string> Component = RepositoryFiles.Generated.Files
        .Where(f => f.Key.StartsWith("components/logging/", StringComparison.Ordinal))
        .ToDictionary(f => f.Key["components/logging/".Length..], f => f.Value);

    private static readonly DeploymentProfile Profile = DeploymentProfileReader.Read(RepositoryFiles.ProfileJson);

    [Fact]
    public void Fluent_Bit_tails_every_application_namespace_and_writes_to_Elasticsearch_and_S3()
    {
        var config = FluentBit();
        var pipeline = Map(config, "pipeline");
        var tail = Items(pipeline, "inputs").Single(i => (string)i["name"] == "tail");
        var filters = Items(pipeline, "filters");
        var outputs = Items(pipeline, "outputs").ToDictionary(o => (string)o["name"]);

        Assert.Equal(Profile.Environments.Values.Select(e => $"/var/log/containers/*_{e.Namespace}_*.log").Order(StringComparer.Ordinal), ((string)tail["path"]).Split(','));
        Assert.Equal(["kubernetes", "lua"], filters.Select(f => (string)f["name"]));
        Assert.Equal("on", filters[0]["merge_log"]);
        Assert.Equal("referenceapp_fields", filters[1]["call"]);
        Assert.Equal(["es", "s3"], outputs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Profile.Logging!.DataStream, outputs["es"]["index"]);
        Assert.Equal("create", outputs["es"]["write_operation"]);
        Assert.Equal(Profile.Telemetry.Backends.Logs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Items(pipeline, "inputs").Single(i => (string)i["name"] == "opentelemetry")["port"]);
    }

    [Fact]
    public void Endpoints_and_credentials_come_from_Secrets_and_the_daemon_reads_the_nodes_logs_read_only()
    {
        var daemonSet = (V1DaemonSet)KubernetesDocuments.Parse(Component["daemonset-fluent-bit.yaml"]);
        var container = daemonSet.Spec.Template.Spec.Containers.Single();
        var outputs = Items(Map(FluentBit(), "pipeline"), "outputs");

        Assert.All(container.Env, e => Assert.NotNull(e.ValueFrom.SecretKeyRef));
        var variables = container.Env.Select(e => e.Name).ToHashSet();
        foreach (var value in outputs.SelectMany(o => o.Values).OfType<string>().Where(v => v.StartsWith("${", StringComparison.Ordinal)))
        {
            Assert.Contains(value[2..^1], variables);
        }

        Assert.Contains(variables, v => v == "AWS_SECRET_ACCESS_KEY");
        Assert.True(container.VolumeMounts.Single(m => m.MountPath == "/var/log").ReadOnlyProperty);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.NotEqual(container.ReadinessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Path);
    }

    [Fact]
    public void The_OTLP_Service_reaches_the_daemon_s_named_port()
    {
        var daemonSet = (V1DaemonSet)KubernetesDocuments.Parse(Component["daemonset-fluent-bit.yaml"]);
        var service = (V1Service)KubernetesDocuments.Parse(Component["service-fluent-bit.yaml"]);

        Assert.True(LabelSelectors.Selects(new V1LabelSelector { MatchLabels = service.Spec.Selector }, daemonSet.Spec.Template.Metadata.Labels));
        Assert.Contains(daemonSet.Spec.Template.Spec.Containers[0].Ports, p => p.Name == service.Spec.Ports[0].TargetPort.Value);
        Assert.Equal(Profile.Telemetry.Backends.Logs.Namespace, service.Metadata.NamespaceProperty);
        Assert.Equal(Profile.Telemetry.Backends.Logs.Port, service.Spec.Ports[0].Port);
    }

    [Fact]
    public void The_ILM_policy_rolls_over_by_size_and_age_then_goes_warm_then_deletes_with_the_profile_s_figures()
    {
        var setup = (V1ConfigMap)KubernetesDocuments.Parse(Component["configmap-logging-setup.yaml"]);
        var phases = JsonDocument.Parse(setup.Data["ilm-policy.json"]).RootElement.GetProperty("policy").GetProperty("phases");
        var logging = Profile.Logging!;

        Assert.Equal(["hot", "warm", "delete"], phases.EnumerateObject().Select(p => p.Name));
        var rollover = phases.GetProperty("hot").GetProperty("actions").GetProperty("rollover");
        Assert.Equal(logging.Rollover.MaxPrimaryShardSize, rollover.GetProperty("max_primary_shard_size").GetString());
        Assert.Equal(logging.Rollover.MaxAge, rollover.GetProperty("max_age").GetString());
        Assert.Equal(logging.WarmAfter, phases.GetProperty("warm").GetProperty("min_age").GetString());
        Assert.Equal(logging.DeleteAfter, phases.GetProperty("delete").GetProperty("min_age").GetString());
        var template = JsonDocument.Parse(setup.Data["index-template.json"]).RootElement;
        Assert.Equal(logging.DataStream, template.GetProperty("template").GetProperty("settings").GetProperty("index.lifecycle.name").GetString());
        Assert.Contains("curl", ((V1Job)KubernetesDocuments.Parse(Component["job-logging-setup.yaml"])).Spec.Template.Spec.Containers[0].Image, StringComparison.Ordinal);
    }

    [Fact]
    public void Kibana_views_use_only_fields_the_index_maps_and_the_trace_id_links_to_the_trace()
    {
        var setup = (V1ConfigMap)KubernetesDocuments.Parse(Component["configmap-logging-setup.yaml"]);
        var mapped = JsonDocument.Parse(setup.Data["index-template.json"]).RootElement
            .GetProperty("template").GetProperty("mappings").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var objects = setup.Data["kibana-objects.ndjson"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var dataView = objects.Single(o => o.GetProperty("type").GetString() == "index-pattern").GetProperty("attributes");
        var search = objects.Single(o => o.GetProperty("type").GetString() == "search");
        var dashboard = objects.Single(o => o.GetProperty("type").GetString() == "dashboard");
        var traceFormat = JsonDocument.Parse(dataView.GetProperty("fieldFormatMap").GetString()!).RootElement.GetProperty("trace_id");

        Assert.Equal("url", traceFormat.GetProperty("id").GetString());
        Assert.Contains("{{value}}", traceFormat.GetProperty("params").GetProperty("urlTemplate").GetString(), StringComparison.Ordinal);
        Assert.Contains(dataView.GetProperty("timeFieldName").GetString()!, mapped);
        Assert.All(search.GetProperty("attributes").GetProperty("columns").EnumerateArray().Select(c => c.GetString()!), c => Assert.Contains(c, mapped));
        Assert.Contains("trace_id", search.GetProperty("attributes").GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(search.GetProperty("id").GetString(), dashboard.GetProperty("references")[0].GetProperty("id").GetString());
        Assert.All(LoggingObjects.ViewFields, f => Assert.Contains(f, mapped));
    }

    [Fact]
    public void A_real_JSON_log_line_of_ours_maps_to_the_fields_the_views_use()
    {
        var (line, traceId, spanId) = RealLogLine();
        var record = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        // What the kubernetes filter adds (Merge_Log puts the line's fields at the top level).
        record["kubernetes"] = System.Text.Json.Nodes.JsonNode.Parse("""
            {"namespace_name":"referenceapp-prod","pod_name":"payments-7d9f-abcde","container_name":"payments",
             "labels":{"app.kubernetes.io/name":"payments"}}
            """);

        var result = LuaFilter.Run(LoggingComponentBuilder.LuaScript(), "referenceapp_fields", JsonDocument.Parse(record.ToJsonString()).RootElement);

        Assert.Equal(1, result.Code);
        Assert.All(LoggingObjects.ViewFields, f => Assert.False(string.IsNullOrEmpty(result.Record.GetValueOrDefault(f) as string), $"{f} is empty"));
        Assert.Equal(traceId, result.Record["trace_id"]);
        Assert.Equal(spanId, result.Record["span_id"]);
        Assert.Equal("payments", result.Record["service"]);
        Assert.Equal("Error", result.Record["level"]);
        Assert.Equal("Charging order-7 failed: timeout", result.Record["message"]);
        Assert.EndsWith("Z", (string)result.Record["@timestamp"]!, StringComparison.Ordinal);
        Assert.Equal("(table)", result.Record["kubernetes"]);
        Assert.Equal("(table)", result.Record["state"]);
    }

    [Fact]
    public void A_line_that_is_not_ours_passes_the_filter_unchanged()
    {
        var result = LuaFilter.Run(LoggingComponentBuilder.LuaScript(), "referenceapp_fields", JsonDocument.Parse("""{"log":"plain text"}""").RootElement);

        Assert.Equal(0, result.Code);
        Assert.DoesNotContain("trace_id", result.Record.Keys);
    }

    /// <summary>A line written by ServiceDefaults' production console logging, inside an activity as in a request.</summary>
    private static (string Line, string TraceId, string SpanId) RealLogLine()
    {
        var original = Console.Out;
        var console = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(console));
        string traceId, spanId;
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.ConfigureConsoleLogs();
            using var source = new ActivitySource("ReferenceApp.Deploy.Tests");
            using var listener = new ActivityListener
            {
                ShouldListenTo = s => s == source,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(listener);
            using (var host = builder.Build())
            {
                var logger = host.Services.GetRequiredService<ILogger<LoggingComponentTests>>();
                using var activity = source.StartActivity("charge")!;
                (traceId, spanId) = (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
                logger.LogError("Charging {OrderId} failed: {Reason}", "order-7", "timeout");
            }

        }
        finally
        {
            Console.SetOut(original);
        }

        var line = console.ToString().Split('\n').Single(l => l.Contains("Charging order-7", StringComparison.Ordinal));
        return (line, traceId, spanId);
    }

    private static Dictionary<string, object> FluentBit()
    {
        var configMap = (V1ConfigMap)KubernetesDocuments.Parse(Component["configmap-fluent-bit-config.yaml"]);
        return (Dictionary<string, object>)KubernetesDocuments.Normalize(new DeserializerBuilder().Build().Deserialize<object>(configMap.Data["fluent-bit.yaml"]))!;
    }

    private static Dictionary<string, object> Map(Dictionary<string, object> map, string key) => (Dictionary<string, object>)map[key];

    private static List<Dictionary<string, object>> Items(Dictionary<string, object> map, string key) =>
        ((List<object>)map[key]).Cast<Dictionary<string, object>>().ToList();
}
