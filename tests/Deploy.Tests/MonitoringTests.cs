using System.Text.Json;
using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>The monitoring objects of docs/observability.md: the alerts and the Grafana dashboard.</summary>
public class MonitoringTests
{
    private static readonly List<IKubernetesObject<V1ObjectMeta>> Objects = TestInputs.BaseObjects();

    [Fact]
    public void The_PrometheusRule_alerts_on_errors_latency_outbox_age_and_canary_rollbacks()
    {
        var rule = Objects.OfType<CustomResource>().Single(c => c.Kind == "PrometheusRule");
        var rules = ((IEnumerable<object>)((IDictionary<string, object>)((IEnumerable<object>)rule.Spec["groups"]).Single())["rules"])
            .Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["alert"], r => (string)r["expr"]);

        Assert.Equal(["CanaryRolledBack", "HighLatencyP99", "HighServerErrorRate", "OutboxOldestRecordTooOld", "ServiceDown"], rules.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("http_response_status_code=~\"5..\"", rules["HighServerErrorRate"], StringComparison.Ordinal);
        Assert.Contains("histogram_quantile(0.99", rules["HighLatencyP99"], StringComparison.Ordinal);
        Assert.Contains("referenceapp_orders_outbox_oldest_age_seconds", rules["OutboxOldestRecordTooOld"], StringComparison.Ordinal);
        Assert.Contains("increase(referenceapp_gateway_canary_rollbacks_total", rules["CanaryRolledBack"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_dashboard_ships_as_a_ConfigMap_the_Grafana_sidecar_loads_with_the_committed_json()
    {
        var dashboard = TestInputs.Find<V1ConfigMap>(Objects, "referenceapp-grafana-dashboard");

        Assert.Equal("1", dashboard.Metadata.Labels["grafana_dashboard"]);
        var json = dashboard.Data["referenceapp.json"];
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryFiles.KubernetesDirectory, "..", "monitoring", "grafana-dashboard.json")).ReplaceLineEndings("\n"), json);
        var expressions = JsonDocument.Parse(json).RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .ToList();
        foreach (var metric in new[]
        {
            "http_server_request_duration_seconds_bucket", "referenceapp_gateway_requests_total", "referenceapp_gateway_canary_weight_percent",
            "referenceapp_gateway_canary_rollbacks_total", "referenceapp_orders_outbox_backlog", "referenceapp_orders_outbox_oldest_age_seconds",
            "referenceapp_orders_placed_total", "referenceapp_orders_settled_total", "referenceapp_payments_charges_total",
        })
        {
            Assert.Contains(expressions, e => e.Contains(metric, StringComparison.Ordinal));
        }
    }
}
