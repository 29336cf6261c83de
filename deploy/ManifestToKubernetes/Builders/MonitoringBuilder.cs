using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// Prometheus Operator objects: a ServiceMonitor per service scraping /metrics (ServiceDefaults maps it), a
/// PrometheusRule (down, failing, slow, outbox stuck, canary rolled back; docs/observability.md), and the Grafana
/// dashboard deploy/monitoring/grafana-dashboard.json as a ConfigMap the Grafana sidecar picks up by its label.
/// </summary>
public sealed class MonitoringBuilder(DeploymentModel model)
{
    public const string MetricsPath = "/metrics";
    public const string DashboardLabel = "grafana_dashboard";
    public const string DashboardKey = "referenceapp.json";
    private const string DashboardResource = "grafana-dashboard.json";
    private DeploymentProfile Profile => model.Profile;

    public CustomResource ServiceMonitor(Workload workload)
    {
        var labels = Labels.Common(Profile.Application, workload);
        foreach (var (key, value) in Profile.Monitoring.SelectorLabels)
        {
            labels[key] = value;
        }

        return new CustomResource("monitoring.coreos.com/v1", "ServiceMonitor", new V1ObjectMeta { Name = workload.Name, Labels = labels },
            new Dictionary<string, object>
            {
                ["endpoints"] = new List<object>
                {
                    new Dictionary<string, object>
                    {
                        ["interval"] = Profile.Monitoring.ScrapeInterval,
                        ["path"] = MetricsPath,
                        ["port"] = workload.PrimaryPort.Name,
                        ["scheme"] = "http",
                    },
                },
                ["selector"] = new Dictionary<string, object>
                {
                    ["matchLabels"] = Labels.Selector(Profile.Application, workload.Name).ToDictionary(l => l.Key, l => (object)l.Value, StringComparer.Ordinal),
                },
            });
    }

    public CustomResource Alerts()
    {
        var jobs = string.Join('|', model.Workloads.Where(w => w.ExposesMetrics).Select(w => w.Name));
        var labels = Labels.Shared(Profile.Application);
        foreach (var (key, value) in Profile.Monitoring.SelectorLabels)
        {
            labels[key] = value;
        }

        var requests = $"http_server_request_duration_seconds_count{{job=~\"{jobs}\"";
        return new CustomResource("monitoring.coreos.com/v1", "PrometheusRule", new V1ObjectMeta { Name = $"{Profile.Application}-alerts", Labels = labels },
            new Dictionary<string, object>
            {
                ["groups"] = new List<object>
                {
                    new Dictionary<string, object>
                    {
                        ["name"] = Profile.Application,
                        ["rules"] = new List<object>
                        {
                            Rule("ServiceDown", $"up{{job=~\"{jobs}\"}} == 0", "2m", "critical",
                                "{{ $labels.job }} ({{ $labels.pod }}) has not answered a scrape for 2 minutes."),
                            Rule("HighServerErrorRate",
                                $"sum by (job) (rate({requests},http_response_status_code=~\"5..\"}}[5m])) / sum by (job) (rate({requests}}}[5m])) > 0.05",
                                "5m", "warning", "More than 5% of the requests to {{ $labels.job }} fail with a 5xx status."),
                            Rule("HighLatencyP99",
                                $"histogram_quantile(0.99, sum by (job, le) (rate(http_server_request_duration_seconds_bucket{{job=~\"{jobs}\"}}[5m]))) > 1",
                                "10m", "warning", "The 99th percentile of {{ $labels.job }}'s request duration has been above 1 s for 10 minutes."),
                            Rule("OutboxOldestRecordTooOld",
                                $"max(referenceapp_orders_outbox_oldest_age_seconds{{job=~\"{jobs}\"}}) > 300",
                                "5m", "critical", "An order has waited more than 5 minutes to be charged: the outbox dispatch to payments is stuck."),
                            Rule("CanaryRolledBack",
                                $"sum(increase(referenceapp_gateway_canary_rollbacks_total{{job=~\"{jobs}\"}}[10m])) > 0",
                                "1m", "warning", "The orders canary (v2) was rolled back in the last 10 minutes; all new traffic goes to v1."),
                        },
                    },
                },
            });
    }

    /// <summary>The dashboard JSON (deploy/monitoring/grafana-dashboard.json, embedded at build) in a ConfigMap labelled for the Grafana sidecar.</summary>
    public V1ConfigMap Dashboard()
    {
        var labels = Labels.Shared(Profile.Application);
        labels[DashboardLabel] = "1";
        using var stream = typeof(MonitoringBuilder).Assembly.GetManifestResourceStream(DashboardResource)
            ?? throw new InvalidOperationException($"The embedded resource {DashboardResource} is missing.");
        using var reader = new StreamReader(stream);
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = $"{Profile.Application}-grafana-dashboard", Labels = labels },
            Data = new SortedDictionary<string, string>(StringComparer.Ordinal) { [DashboardKey] = reader.ReadToEnd().ReplaceLineEndings("\n") },
        };
    }

    private static Dictionary<string, object> Rule(string alert, string expression, string duration, string severity, string summary) => new()
    {
        ["alert"] = alert,
        ["annotations"] = new Dictionary<string, object> { ["summary"] = summary },
        ["expr"] = expression,
        ["for"] = duration,
        ["labels"] = new Dictionary<string, object> { ["severity"] = severity },
    };
}
