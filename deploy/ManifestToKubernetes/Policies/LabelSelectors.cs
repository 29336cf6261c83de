using k8s.Models;
using ReferenceApp.Deploy.Builders;

namespace ReferenceApp.Deploy.Policies;

/// <summary>Label selector matching as the API server does it, shared by the rules that follow selectors.</summary>
public static class LabelSelectors
{
    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        if (selector.MatchLabels is { } matchLabels && !Subset(matchLabels, labels))
        {
            return false;
        }

        return (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && (e.Values?.Contains(v) ?? false),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !(e.Values?.Contains(v) ?? false),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => false,
        });
    }

    public static bool Subset(IDictionary<string, string> required, IDictionary<string, string>? labels) =>
        labels is not null && required.All(r => labels.TryGetValue(r.Key, out var v) && v == r.Value);

    public static V1LabelSelector? SelectorFromSpec(CustomResource resource, string field) =>
        resource.Spec.GetValueOrDefault(field) is IReadOnlyDictionary<string, object> selector
        && selector.GetValueOrDefault("matchLabels") is IReadOnlyDictionary<string, object> labels
            ? new V1LabelSelector { MatchLabels = labels.ToDictionary(l => l.Key, l => l.Value.ToString() ?? "", StringComparer.Ordinal) }
            : null;

    public static IEnumerable<IReadOnlyDictionary<string, object>> Items(object? list) =>
        list is IEnumerable<object> items ? items.OfType<IReadOnlyDictionary<string, object>>() : [];
}
