using k8s.Models;

namespace ReferenceApp.Deploy.Policies;

/// <summary>Every selector (workload, PodDisruptionBudget, autoscaler target, ServiceMonitor) matches what it is meant to: a selector that matches nothing fails silently in a cluster.</summary>
public sealed class SelectorsMatchPods : IPolicyRule
{
    public const string Id = "selectors-match-pods";

    public string Name => Id;

    public IEnumerable<string> Check(ObjectSet set)
    {
        foreach (var workload in set.Workloads.Where(w => !w.RunsToCompletion))
        {
            if (workload.Selector?.MatchLabels is not { Count: > 0 } || !LabelSelectors.Selects(workload.Selector, workload.PodLabels))
            {
                yield return $"{workload.Id}: its selector does not match its own pod template labels.";
            }
        }

        foreach (var pdb in set.Of<V1PodDisruptionBudget>().Where(p => !set.Workloads.Any(w => LabelSelectors.Selects(p.Spec?.Selector, w.PodLabels))))
        {
            yield return $"PodDisruptionBudget/{pdb.Metadata.Name}: its selector matches no pod template.";
        }

        foreach (var hpa in set.Of<V2HorizontalPodAutoscaler>())
        {
            var target = hpa.Spec?.ScaleTargetRef;
            if (target is null || !set.Workloads.Any(w => w.Kind == target.Kind && w.Name == target.Name))
            {
                yield return $"HorizontalPodAutoscaler/{hpa.Metadata.Name}: scaleTargetRef {target?.Kind}/{target?.Name} does not exist.";
            }
        }

        foreach (var monitor in set.Custom("ServiceMonitor"))
        {
            var selector = LabelSelectors.SelectorFromSpec(monitor, "selector");
            if (selector is null || !set.Of<V1Service>().Any(s => LabelSelectors.Selects(selector, s.Metadata.Labels)))
            {
                yield return $"ServiceMonitor/{monitor.Metadata.Name}: its selector matches no Service.";
            }
        }
    }
}
