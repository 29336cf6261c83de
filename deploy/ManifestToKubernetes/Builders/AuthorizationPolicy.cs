using k8s;
using k8s.Models;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// Istio's AuthorizationPolicy (security.istio.io/v1), typed for the subset the generator writes: ALLOW rules by
/// caller identity (principals, namespaces) and destination port, bound to pods by a selector (ztunnel enforces them)
/// or attached to a waypoint by targetRefs. There is deliberately no field for paths, methods, hosts or request
/// principals: ztunnel treats an ALLOW rule with L7 parts bound to a workload as DENY, so the type cannot express one.
/// </summary>
public sealed record AuthorizationPolicy(V1ObjectMeta Metadata, AuthorizationPolicySpec Spec) : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "security.istio.io";

    public string ApiVersion { get; set; } = $"{Group}/v1";

    public string Kind { get; set; } = "AuthorizationPolicy";

    public V1ObjectMeta Metadata { get; set; } = Metadata;

    /// <summary>The plain-data form every custom resource is written and checked in.</summary>
    public CustomResource ToCustomResource() => new(ApiVersion, Kind, Metadata, Spec.ToSerializable());
}

public sealed record AuthorizationPolicySpec
{
    /// <summary>Pods the policy binds to (enforced by their ztunnel); null with <see cref="TargetRefs"/> null: the whole namespace.</summary>
    public IReadOnlyDictionary<string, string>? Selector { get; init; }

    /// <summary>What the policy attaches to (a waypoint Gateway, enforced by its Envoy).</summary>
    public IReadOnlyList<PolicyTargetReference>? TargetRefs { get; init; }

    /// <summary>ALLOW, or null for a policy without rules (which, with action ALLOW by default, allows nothing).</summary>
    public string? Action { get; init; }

    public IReadOnlyList<AuthorizationRule>? Rules { get; init; }

    public Dictionary<string, object> ToSerializable()
    {
        var result = new Dictionary<string, object>();
        if (Selector is not null)
        {
            result["selector"] = new Dictionary<string, object> { ["matchLabels"] = Selector.ToDictionary(l => l.Key, l => (object)l.Value, StringComparer.Ordinal) };
        }

        if (TargetRefs is not null)
        {
            result["targetRefs"] = TargetRefs.Select(t => (object)new Dictionary<string, object> { ["group"] = t.Group, ["kind"] = t.Kind, ["name"] = t.Name }).ToList();
        }

        if (Action is not null)
        {
            result["action"] = Action;
        }

        if (Rules is not null)
        {
            result["rules"] = Rules.Select(r => (object)r.ToSerializable()).ToList();
        }

        return result;
    }
}

public sealed record PolicyTargetReference(string Group, string Kind, string Name);

/// <summary>One rule: connections from these callers to these ports.</summary>
public sealed record AuthorizationRule(PolicySource From, IReadOnlyList<int> Ports)
{
    public Dictionary<string, object> ToSerializable() => new()
    {
        ["from"] = new List<object> { new Dictionary<string, object> { ["source"] = From.ToSerializable() } },
        // The CRD types ports as strings.
        ["to"] = new List<object>
        {
            new Dictionary<string, object> { ["operation"] = new Dictionary<string, object> { ["ports"] = Ports.Select(p => (object)p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList() } },
        },
    };
}

/// <summary>Callers by mTLS identity: SPIFFE principals (trust-domain/ns/namespace/sa/account) or whole namespaces.</summary>
public sealed record PolicySource(IReadOnlyList<string>? Principals = null, IReadOnlyList<string>? Namespaces = null)
{
    public Dictionary<string, object> ToSerializable()
    {
        var result = new Dictionary<string, object>();
        if (Principals is not null)
        {
            result["principals"] = Principals.Select(p => (object)p).ToList();
        }

        if (Namespaces is not null)
        {
            result["namespaces"] = Namespaces.Select(n => (object)n).ToList();
        }

        return result;
    }
}
