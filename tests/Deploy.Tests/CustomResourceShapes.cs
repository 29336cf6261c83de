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
            case "networking.istio.io/v1/VirtualService":
                Keys(resource.Spec, at + ".spec", ["hosts", "http", "gateways"], ["hosts", "http"], errors);
                foreach (var http in List(resource.Spec, "http", at, errors))
                {
                    Keys(http, at + ".spec.http[]", ["route", "match", "name", "timeout", "retries"], ["route"], errors);
                    var total = 0;
                    foreach (var route in List(http, "route", at, errors))
                    {
                        Keys(route, at + ".spec.http[].route[]", ["destination", "weight"], ["destination"], errors);
                        if (route.GetValueOrDefault("destination") is IReadOnlyDictionary<string, object> destination)
                        {
                            Keys(destination, at + ".destination", ["host", "subset", "port"], ["host"], errors);
                            if (destination.GetValueOrDefault("port") is IReadOnlyDictionary<string, object> port)
                            {
                                Keys(port, at + ".destination.port", ["number"], ["number"], errors);
                            }
                        }

                        total += Number(route.GetValueOrDefault("weight"), at, errors);
                    }

                    if (total != 100)
                    {
                        errors.Add($"{at}: route weights add up to {total}, not 100");
                    }
                }

                break;
            case "networking.istio.io/v1/DestinationRule":
                Keys(resource.Spec, at + ".spec", ["host", "subsets", "trafficPolicy"], ["host"], errors);
                foreach (var subset in List(resource.Spec, "subsets", at, errors))
                {
                    Keys(subset, at + ".spec.subsets[]", ["name", "labels", "trafficPolicy"], ["name", "labels"], errors);
                }

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
