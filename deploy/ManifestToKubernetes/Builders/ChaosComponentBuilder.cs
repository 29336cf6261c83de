using k8s.Models;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// Chaos Mesh (v2.8) experiments for the kustomize component components/chaos: a Schedule killing one pod of each
/// profile target on a cron, a NetworkChaos adding latency and loss between a client and its database, and a
/// StressChaos loading a service's CPU so that its autoscaler acts. Each selects pods by the generator's labels in the
/// experiment's own namespace. See docs/chaos.md for each one's steady-state hypothesis and how to stop it.
/// </summary>
public sealed class ChaosComponentBuilder(DeploymentModel model, ChaosProfile chaos)
{
    private const string ApiVersion = "chaos-mesh.org/v1alpha1";
    private string Application => model.Profile.Application;

    public IEnumerable<CustomResource> Build()
    {
        foreach (var target in chaos.PodKill.Targets)
        {
            yield return new CustomResource(ApiVersion, "Schedule", Metadata($"kill-{target}"), new Dictionary<string, object>
            {
                ["schedule"] = chaos.PodKill.Schedule,
                // A kill that has not finished when the next is due is skipped, never stacked.
                ["concurrencyPolicy"] = "Forbid",
                ["historyLimit"] = 5,
                ["type"] = "PodChaos",
                ["podChaos"] = new Dictionary<string, object>
                {
                    ["action"] = "pod-kill",
                    ["mode"] = "one",
                    ["selector"] = Selector(Labels.Selector(Application, model.Get(target).Name)),
                },
            });
        }

        var network = chaos.Network;
        yield return new CustomResource(ApiVersion, "NetworkChaos", Metadata($"{network.Source}-{network.Target}-latency-loss"), new Dictionary<string, object>
        {
            ["action"] = "netem",
            ["mode"] = "all",
            ["selector"] = Selector(SourceLabels(network.Source)),
            ["direction"] = "to",
            ["target"] = new Dictionary<string, object>
            {
                ["mode"] = "all",
                ["selector"] = Selector(Labels.Selector(Application, model.Get(network.Target).Name)),
            },
            ["delay"] = new Dictionary<string, object> { ["latency"] = network.Latency, ["jitter"] = network.Jitter, ["correlation"] = "25" },
            ["loss"] = new Dictionary<string, object> { ["loss"] = network.LossPercent, ["correlation"] = "25" },
            ["duration"] = network.Duration,
        });

        var stress = chaos.Stress;
        yield return new CustomResource(ApiVersion, "StressChaos", Metadata($"{stress.Target}-cpu"), new Dictionary<string, object>
        {
            ["mode"] = "all",
            ["selector"] = Selector(Labels.Selector(Application, model.Get(stress.Target).Name)),
            ["stressors"] = new Dictionary<string, object>
            {
                ["cpu"] = new Dictionary<string, object> { ["workers"] = stress.Workers, ["load"] = stress.Load },
            },
            ["duration"] = stress.Duration,
        });
    }

    /// <summary>A canary group's name (orders) selects both tracks; a workload's name selects that workload.</summary>
    private SortedDictionary<string, string> SourceLabels(string source) =>
        model.Canaries.Any(c => c.Name == source)
            ? new SortedDictionary<string, string>(StringComparer.Ordinal) { [Labels.CanaryGroup(Application)] = source, [Labels.PartOf] = Application }
            : Labels.Selector(Application, model.Get(source).Name);

    private static Dictionary<string, object> Selector(IDictionary<string, string> labels) => new()
    {
        ["labelSelectors"] = labels.ToDictionary(l => l.Key, l => (object)l.Value, StringComparer.Ordinal),
    };

    private V1ObjectMeta Metadata(string name) => new() { Name = name, Labels = Labels.Shared(Application) };
}
