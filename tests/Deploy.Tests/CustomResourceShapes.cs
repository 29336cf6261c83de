using System.Text.RegularExpressions;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// The CRDs have no KubernetesClient model, so their shape is checked here against the fields of the operators'
/// schemas that the generator uses: unknown keys, missing required keys and wrong values fail.
/// </summary>
public static partial class CustomResourceShapes
{
    /// <summary>The Chaos Mesh version components/chaos is written against; its CRDs are in Crds/chaos-mesh-v2.8.3.</summary>
    public static readonly CrdSchema ChaosMesh = CrdSchema.Load(Path.Combine(AppContext.BaseDirectory, "Crds", "chaos-mesh-v2.8.3"));

    /// <summary>
    /// The Istio version the mesh overlays' AuthorizationPolicies are written against; its CRD (the
    /// authorizationpolicies.security.istio.io document of manifests/charts/base/files/crd-all.gen.yaml at tag 1.29.6,
    /// verbatim) is in Crds/istio-1.29.6.
    /// </summary>
    public static readonly CrdSchema Istio = CrdSchema.Load(Path.Combine(AppContext.BaseDirectory, "Crds", "istio-1.29.6"));

    /// <summary>Operation fields ztunnel cannot match (HTTP): an ALLOW rule with one, bound to a workload, becomes DENY.</summary>
    public static readonly IReadOnlyList<string> L7OperationFields = ["hosts", "notHosts", "methods", "notMethods", "paths", "notPaths"];

    /// <summary>Source fields only an HTTP proxy knows (a request's JWT principal).</summary>
    public static readonly IReadOnlyList<string> L7SourceFields = ["requestPrincipals", "notRequestPrincipals"];

    public static List<string> Check(CustomResource resource)
    {
        var errors = new List<string>();
        var at = $"{resource.Kind}/{resource.Metadata.Name}";
        switch ($"{resource.ApiVersion}/{resource.Kind}")
        {
            case "monitoring.coreos.com/v1/ServiceMonitor":
                Keys(resource.Spec, at + ".spec", ["endpoints", "selector", "namespaceSelector", "jobLabel"], ["endpoints", "selector"], errors);
                foreach (var endpoint in List(resource.Spec, "endpoints", at, errors))
                {
                    Keys(endpoint, at + ".spec.endpoints[]", ["port", "path", "interval", "scrapeTimeout", "scheme"], ["port", "interval"], errors);
                    if (endpoint.GetValueOrDefault("interval") is string interval && !Duration().IsMatch(interval))
                    {
                        errors.Add($"{at}: interval '{interval}' is not a Prometheus duration");
                    }

                    if (endpoint.GetValueOrDefault("scheme") is string scheme && scheme is not ("http" or "https"))
                    {
                        errors.Add($"{at}: scheme '{scheme}' must be http or https");
                    }
                }

                Selector(resource.Spec.GetValueOrDefault("selector"), at + ".spec.selector", errors);
                break;
            case "monitoring.coreos.com/v1/PrometheusRule":
                Keys(resource.Spec, at + ".spec", ["groups"], ["groups"], errors);
                foreach (var group in List(resource.Spec, "groups", at, errors))
                {
                    Keys(group, at + ".spec.groups[]", ["name", "rules", "interval"], ["name", "rules"], errors);
                    foreach (var rule in List(group, "rules", at, errors))
                    {
                        Keys(rule, at + ".spec.groups[].rules[]", ["alert", "record", "expr", "for", "labels", "annotations"], ["expr"], errors);
                        if (rule.ContainsKey("alert") == rule.ContainsKey("record"))
                        {
                            errors.Add($"{at}: a rule needs exactly one of alert and record");
                        }

                        if (rule.GetValueOrDefault("for") is string duration && !Duration().IsMatch(duration))
                        {
                            errors.Add($"{at}: for '{duration}' is not a Prometheus duration");
                        }
                    }
                }

                break;
            case "gateway.networking.k8s.io/v1/HTTPRoute":
                // Gateway API v1 (standard channel): attached to a Service (GAMMA, mesh routing), split over Services.
                Keys(resource.Spec, at + ".spec", ["parentRefs", "hostnames", "rules"], [], errors);
                foreach (var parent in List(resource.Spec, "parentRefs", at, errors))
                {
                    Keys(parent, at + ".spec.parentRefs[]", ["group", "kind", "namespace", "name", "sectionName", "port"], ["name"], errors);
                    ServiceReference(parent, at + ".spec.parentRefs[]", errors);
                }

                foreach (var rule in List(resource.Spec, "rules", at, errors))
                {
                    Keys(rule, at + ".spec.rules[]", ["name", "matches", "filters", "backendRefs", "timeouts"], [], errors);
                    foreach (var backend in List(rule, "backendRefs", at, errors))
                    {
                        Keys(backend, at + ".spec.rules[].backendRefs[]", ["group", "kind", "name", "namespace", "port", "weight", "filters"], ["name", "port"], errors);
                        ServiceReference(backend, at + ".spec.rules[].backendRefs[]", errors);
                        if (backend.ContainsKey("weight") && Number(backend["weight"], at, errors) is < 0 or > 1000000)
                        {
                            errors.Add($"{at}: backendRefs weight '{backend["weight"]}' is outside 0..1000000");
                        }
                    }
                }

                break;
            case "gateway.networking.k8s.io/v1/Gateway":
                Keys(resource.Spec, at + ".spec", ["gatewayClassName", "listeners", "addresses", "infrastructure"], ["gatewayClassName", "listeners"], errors);
                foreach (var listener in List(resource.Spec, "listeners", at, errors))
                {
                    Keys(listener, at + ".spec.listeners[]", ["name", "hostname", "port", "protocol", "tls", "allowedRoutes"], ["name", "port", "protocol"], errors);
                    if (Number(listener.GetValueOrDefault("port"), at, errors) is < 1 or > 65535)
                    {
                        errors.Add($"{at}: listener port '{listener.GetValueOrDefault("port")}' is outside 1..65535");
                    }

                    if (listener.GetValueOrDefault("allowedRoutes") is IReadOnlyDictionary<string, object> allowed)
                    {
                        Keys(allowed, at + ".spec.listeners[].allowedRoutes", ["namespaces", "kinds"], [], errors);
                        if (allowed.GetValueOrDefault("namespaces") is IReadOnlyDictionary<string, object> namespaces)
                        {
                            Keys(namespaces, at + ".spec.listeners[].allowedRoutes.namespaces", ["from", "selector"], [], errors);
                            if (namespaces.GetValueOrDefault("from") is not (null or "All" or "Same" or "Selector" or "None"))
                            {
                                errors.Add($"{at}: allowedRoutes.namespaces.from '{namespaces["from"]}' is not All, Same, Selector or None");
                            }
                        }
                    }
                }

                break;
            case "security.istio.io/v1/AuthorizationPolicy":
                // Istio's own CRD schema (1.29.6), vendored: every field checked, unknown ones rejected; then the
                // schema's CEL rules, which the validator does not evaluate, and the ambient L4 rule.
                errors.AddRange(Istio.Validate(KubernetesDocuments.Sources.TryGetValue(resource, out var policySource) ? policySource : YamlDocuments.Serialize(resource)));
                errors.AddRange(AuthorizationPolicyRules(resource.Spec, at));
                break;
            case var _ when resource.ApiVersion.StartsWith("chaos-mesh.org/", StringComparison.Ordinal):
                // Chaos Mesh's own CRD schemas (v2.8.3), vendored: every field checked, unknown ones rejected.
                errors.AddRange(ChaosMesh.Validate(KubernetesDocuments.Sources.TryGetValue(resource, out var source) ? source : YamlDocuments.Serialize(resource)));
                break;
            default:
                errors.Add($"{at}: no shape check for {resource.ApiVersion}");
                break;
        }

        return errors;
    }

    /// <summary>
    /// The CRD's x-kubernetes-validations (CEL) rules, written out: at most one of selector, targetRef and targetRefs;
    /// no wildcard or empty key in the selector's labels; serviceAccounts not beside principals or namespaces. And
    /// ambient's: a policy not attached to a waypoint (by selector, or namespace-wide) is enforced by ztunnel, which
    /// only knows L4, so it must not have L7 parts (it would fail closed, as DENY).
    /// </summary>
    public static List<string> AuthorizationPolicyRules(IReadOnlyDictionary<string, object> spec, string at)
    {
        var errors = new List<string>();
        if (new[] { "selector", "targetRef", "targetRefs" }.Count(spec.ContainsKey) > 1)
        {
            errors.Add($"{at}: only one of targetRefs or selector can be set");
        }

        if (spec.GetValueOrDefault("selector") is IReadOnlyDictionary<string, object> selector
            && selector.GetValueOrDefault("matchLabels") is IReadOnlyDictionary<string, object> labels)
        {
            errors.AddRange(labels.Where(l => l.Key.Length == 0 || l.Key.Contains('*', StringComparison.Ordinal) || (l.Value as string)?.Contains('*', StringComparison.Ordinal) == true)
                .Select(l => $"{at}: selector label '{l.Key}' is empty or has a wildcard"));
        }

        var enforcedByZtunnel = !spec.ContainsKey("targetRef") && !spec.ContainsKey("targetRefs");
        foreach (var rule in (spec.GetValueOrDefault("rules") as IEnumerable<object> ?? []).OfType<IReadOnlyDictionary<string, object>>())
        {
            var sources = (rule.GetValueOrDefault("from") as IEnumerable<object> ?? []).OfType<IReadOnlyDictionary<string, object>>()
                .Select(f => f.GetValueOrDefault("source")).OfType<IReadOnlyDictionary<string, object>>().ToList();
            var operations = (rule.GetValueOrDefault("to") as IEnumerable<object> ?? []).OfType<IReadOnlyDictionary<string, object>>()
                .Select(t => t.GetValueOrDefault("operation")).OfType<IReadOnlyDictionary<string, object>>().ToList();
            foreach (var source in sources.Where(s => (s.ContainsKey("serviceAccounts") || s.ContainsKey("notServiceAccounts"))
                && (s.ContainsKey("principals") || s.ContainsKey("notPrincipals") || s.ContainsKey("namespaces") || s.ContainsKey("notNamespaces"))))
            {
                errors.Add($"{at}: cannot set serviceAccounts with namespaces or principals");
            }

            if (enforcedByZtunnel)
            {
                errors.AddRange(operations.SelectMany(o => o.Keys).Where(L7OperationFields.Contains)
                    .Select(f => $"{at}: '{f}' is L7; ztunnel enforces this policy and would treat the rule as DENY"));
                errors.AddRange(sources.SelectMany(s => s.Keys).Where(L7SourceFields.Contains)
                    .Select(f => $"{at}: '{f}' is L7; ztunnel enforces this policy and would treat the rule as DENY"));
                if (rule.ContainsKey("when"))
                {
                    errors.Add($"{at}: 'when' conditions are not used in ztunnel-enforced policies (most are L7)");
                }
            }
        }

        return errors;
    }

    private static void Keys(IReadOnlyDictionary<string, object> map, string at, string[] allowed, string[] required, List<string> errors)
    {
        errors.AddRange(map.Keys.Except(allowed).Select(k => $"{at}: unknown field '{k}'"));
        errors.AddRange(required.Where(r => !map.ContainsKey(r)).Select(r => $"{at}: required field '{r}' is missing"));
    }

    private static IEnumerable<IReadOnlyDictionary<string, object>> List(IReadOnlyDictionary<string, object> map, string field, string at, List<string> errors)
    {
        if (map.GetValueOrDefault(field) is not IEnumerable<object> items || map[field] is string)
        {
            if (map.ContainsKey(field))
            {
                errors.Add($"{at}: '{field}' must be a list");
            }

            return [];
        }

        var result = items.OfType<IReadOnlyDictionary<string, object>>().ToList();
        if (result.Count == 0 || result.Count != items.Count())
        {
            errors.Add($"{at}: '{field}' must be a non-empty list of objects");
        }

        return result;
    }

    /// <summary>A reference in the core group ("") must name a Service, the only core kind Gateway API routes to.</summary>
    private static void ServiceReference(IReadOnlyDictionary<string, object> reference, string at, List<string> errors)
    {
        if (reference.GetValueOrDefault("group") is null or "" && reference.GetValueOrDefault("kind") is not (null or "Service"))
        {
            errors.Add($"{at}: kind '{reference["kind"]}' of the core group is not Service");
        }
    }

    private static void Selector(object? selector, string at, List<string> errors)
    {
        if (selector is not IReadOnlyDictionary<string, object> map || map.GetValueOrDefault("matchLabels") is not IReadOnlyDictionary<string, object> { Count: > 0 })
        {
            errors.Add($"{at}: matchLabels must be a non-empty map");
        }
    }

    private static int Number(object? value, string at, List<string> errors)
    {
        if (value is int i)
        {
            return i;
        }

        if (value is string s && int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        errors.Add($"{at}: '{value}' is not a whole number");
        return 0;
    }

    [GeneratedRegex("^([0-9]+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex Duration();
}
