using System.Text.RegularExpressions;
using k8s.Models;

namespace ReferenceApp.Deploy.Policies;

/// <summary>No secret travels as a plain value, in a ConfigMap or an env var: only references to Secret keys.</summary>
public sealed partial class NoSecretValues : IPolicyRule
{
    public const string Id = "no-secret-values";

    public string Name => Id;

    public IEnumerable<string> Check(ObjectSet set)
    {
        foreach (var configMap in set.Of<V1ConfigMap>())
        {
            foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
            {
                if (LooksSecret(key, value))
                {
                    yield return $"ConfigMap/{configMap.Metadata.Name}: key '{key}' holds what looks like a secret; use a Secret reference.";
                }
            }
        }

        foreach (var workload in set.Workloads)
        {
            foreach (var env in workload.Containers.SelectMany(c => c.Env ?? []).Where(e => e.Value is not null && LooksSecret(e.Name, e.Value)))
            {
                yield return $"{workload.Id}: env '{env.Name}' holds what looks like a secret as a plain value; use a secretKeyRef.";
            }
        }
    }

    private static bool LooksSecret(string key, string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        return SecretKeyName().IsMatch(key) || SecretInValue().IsMatch(value);
    }

    // Settings whose name says they are secret: a literal value there is a leak even if it looks harmless.
    [GeneratedRegex("(?i)(password|passwd|secret|token|api[_-]?key|credential|connectionstrings__)")]
    private static partial Regex SecretKeyName();

    // Values that carry credentials whatever their key: Password=... in a connection string, user:pass@ in a URI.
    [GeneratedRegex(@"(?i)((password|pwd)\s*=\s*[^;\s<]|://[^/\s:@]*:[^/\s@<]+@)")]
    private static partial Regex SecretInValue();
}
