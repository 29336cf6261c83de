using k8s.Models;

namespace ReferenceApp.Deploy.Policies;

/// <summary>Every long-running workload has a PodDisruptionBudget, so a node drain cannot take all of its pods at once (a Job is rerun instead).</summary>
public sealed class EveryWorkloadHasPdb : IPolicyRule
{
    public const string Id = "every-workload-has-pdb";

    public string Name => Id;

    public IEnumerable<string> Check(ObjectSet set)
    {
        foreach (var workload in set.Workloads.Where(w => !w.RunsToCompletion && !set.Of<V1PodDisruptionBudget>().Any(p => LabelSelectors.Selects(p.Spec?.Selector, w.PodLabels))))
        {
            yield return $"{workload.Id}: no PodDisruptionBudget selects its pods.";
        }
    }
}
