using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy.Policies;

/// <summary>
/// The policy stage: every rule, run on every generation over each set of objects the cluster would receive (the base,
/// and each overlay with its patches applied; the generator refuses to write output that breaks one) and by the tests
/// on each overlay kustomize builds. Each rule is its own type, with a test that feeds it a broken manifest.
/// </summary>
public static class PolicyChecks
{
    public static IReadOnlyDictionary<string, IPolicyRule> Rules { get; } = new SortedDictionary<string, IPolicyRule>(new IPolicyRule[]
    {
        new SelectorsMatchPods(),
        new ServicesTargetNamedPorts(),
        new ProbePortsExist(),
        new NetworkPoliciesSelectPods(),
        new NoSecretValues(),
        new NoDuplicateEnv(),
        new NoLatestTag(),
        new EveryWorkloadHasPdb(),
        new PodsAreHardened(),
    }.ToDictionary(r => r.Name), StringComparer.Ordinal);

    public static List<PolicyViolation> RunAll(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects)
    {
        var set = new ObjectSet(objects);
        return Rules.Values.SelectMany(rule => rule.Check(set).Select(message => new PolicyViolation(rule.Name, message))).ToList();
    }

    public static List<PolicyViolation> Run(string rule, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects) =>
        Rules[rule].Check(new ObjectSet(objects)).Select(message => new PolicyViolation(rule, message)).ToList();
}
