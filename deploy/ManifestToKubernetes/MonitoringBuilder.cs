using k8s.Models;

namespace ReferenceApp.Deploy;

/// <summary>
/// Prometheus Operator objects: a ServiceMonitor per service scraping /metrics (ServiceDefaults maps it), and a
/// PrometheusRule with the two alerts every service needs (down, failing).
/// </summary>
public sealed class MonitoringBuilder(DeploymentModel model)
{
    public const string MetricsPath = "/metrics";
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
                        },
                    },
                },
            });
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
