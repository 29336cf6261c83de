using k8s.Models;

namespace ReferenceApp.Deploy.Policies;

/// <summary>A NetworkPolicy and its peers select pods that exist: a typo would silently allow or deny nothing.</summary>
public sealed class NetworkPoliciesSelectPods : IPolicyRule
{
    public const string Id = "network-policies-select-pods";

    public string Name => Id;

    public IEnumerable<string> Check(ObjectSet set)
    {
        foreach (var policy in set.Of<V1NetworkPolicy>())
        {
            var spec = policy.Spec;
            if (spec?.PodSelector is null)
            {
                yield return $"NetworkPolicy/{policy.Metadata.Name}: podSelector is missing.";
                continue;
            }

            var selectsAll = spec.PodSelector.MatchLabels is not { Count: > 0 } && spec.PodSelector.MatchExpressions is not { Count: > 0 };
            if (!selectsAll && !set.Workloads.Any(w => LabelSelectors.Selects(spec.PodSelector, w.PodLabels)))
            {
                yield return $"NetworkPolicy/{policy.Metadata.Name}: its podSelector matches no pod template.";
            }

            if (spec.PolicyTypes is not { Count: > 0 } || spec.PolicyTypes.Any(t => t is not ("Ingress" or "Egress")))
            {
                yield return $"NetworkPolicy/{policy.Metadata.Name}: policyTypes must list Ingress and/or Egress.";
            }

            var peers = (spec.Ingress ?? []).SelectMany(r => r.FromProperty ?? []).Concat((spec.Egress ?? []).SelectMany(r => r.To ?? []));
            foreach (var peer in peers.Where(p => p.NamespaceSelector is null && p.PodSelector is not null))
            {
                if (!set.Workloads.Any(w => LabelSelectors.Selects(peer.PodSelector, w.PodLabels)))
                {
                    yield return $"NetworkPolicy/{policy.Metadata.Name}: a peer's podSelector matches no pod template in the namespace.";
                }
            }
        }
    }
}
