using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// Validates an object against a CRD's openAPIV3Schema the way the API server does for a structural schema, strictly:
/// an unknown field is an error (kubectl's server-side field validation "Strict"), and so are a wrong type, a missing
/// required field, a value outside enum, pattern or bounds. YAML scalars keep their type: a quoted "10" is a string.
/// The schemas are vendored verbatim from the operator's release (tests/Deploy.Tests/Crds). Not evaluated: CEL rules
/// (x-kubernetes-validations) and oneOf/anyOf; a CRD's callers check those rules they rely on by hand.
/// </summary>
public sealed class CrdSchema
{
    private readonly Dictionary<string, YamlMappingNode> schemas = new(StringComparer.Ordinal);

    public static CrdSchema Load(string directory)
    {
        var result = new CrdSchema();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            var crd = (YamlMappingNode)stream.Documents[0].RootNode;
            var spec = Map(crd, "spec")!;
            var group = Scalar(spec, "group");
            var kind = Scalar(Map(spec, "names")!, "kind");
            foreach (var version in ((YamlSequenceNode)spec["versions"]).Cast<YamlMappingNode>())
            {
                result.schemas[$"{group}/{Scalar(version, "name")}/{kind}"] = Map(Map(version, "schema")!, "openAPIV3Schema")!;
            }
        }

        return result;
    }

    public IReadOnlyCollection<string> Kinds => schemas.Keys;

    public List<string> Validate(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var key = $"{Scalar(root, "apiVersion")}/{Scalar(root, "kind")}";
        var errors = new List<string>();
        if (!schemas.TryGetValue(key, out var schema))
        {
            errors.Add($"{key}: no vendored CRD schema");
            return errors;
        }

        Check(root, schema, Scalar(root, "kind") + "/" + Scalar(Map(root, "metadata")!, "name"), errors, isRoot: true);
        return errors;
    }

    private static void Check(YamlNode value, YamlMappingNode schema, string at, List<string> errors, bool isRoot = false)
    {
        if (value is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "null" or "~" or "" } && Scalar(schema, "nullable") == "true")
        {
            return;
        }

        if (Scalar(schema, "x-kubernetes-int-or-string") == "true")
        {
            if (!(value is YamlScalarNode s && (TypeOf(s) is "integer" or "string")))
            {
                errors.Add($"{at}: must be an integer or a string");
            }

            return;
        }

        var type = Scalar(schema, "type");
        switch (type)
        {
            case "object":
                if (value is not YamlMappingNode map)
                {
                    errors.Add($"{at}: must be an object");
                    return;
                }

                var properties = Map(schema, "properties");
                var additional = schema.Children.TryGetValue(new YamlScalarNode("additionalProperties"), out var extra) ? extra : null;
                var preserve = Scalar(schema, "x-kubernetes-preserve-unknown-fields") == "true";
                foreach (var (nameNode, child) in map.Children)
                {
                    var name = ((YamlScalarNode)nameNode).Value!;
                    if (isRoot && name == "metadata")
                    {
                        continue; // ObjectMeta: the API server's own schema, checked by the strict typed round trip.
                    }

                    if (isRoot && name is "apiVersion" or "kind" && (properties is null || !properties.Children.ContainsKey(new YamlScalarNode(name))))
                    {
                        continue; // Some CRDs (Istio's) leave the type fields out of the schema; the API server checks them.
                    }

                    if (properties is not null && properties.Children.TryGetValue(new YamlScalarNode(name), out var property))
                    {
                        Check(child, (YamlMappingNode)property, $"{at}.{name}", errors);
                    }
                    else if (additional is YamlMappingNode additionalSchema)
                    {
                        Check(child, additionalSchema, $"{at}.{name}", errors);
                    }
                    else if (!preserve && !(additional is YamlScalarNode { Value: "true" }))
                    {
                        errors.Add($"{at}: unknown field '{name}'");
                    }
                }

                if (Scalar(schema, "maxProperties") is { } maxProperties && map.Children.Count > int.Parse(maxProperties, CultureInfo.InvariantCulture))
                {
                    errors.Add($"{at}: more than {maxProperties} properties");
                }

                if (schema.Children.TryGetValue(new YamlScalarNode("required"), out var required))
                {
                    foreach (var name in ((YamlSequenceNode)required).Cast<YamlScalarNode>().Select(n => n.Value!))
                    {
                        if (!map.Children.ContainsKey(new YamlScalarNode(name)))
                        {
                            errors.Add($"{at}: required field '{name}' is missing");
                        }
                    }
                }

                break;
            case "array":
                if (value is not YamlSequenceNode list)
                {
                    errors.Add($"{at}: must be a list");
                    return;
                }

                if (Scalar(schema, "maxItems") is { } maxItems && list.Children.Count > int.Parse(maxItems, CultureInfo.InvariantCulture))
                {
                    errors.Add($"{at}: more than {maxItems} items");
                }

                var items = Map(schema, "items");
                var index = 0;
                foreach (var item in list)
                {
                    if (items is not null)
                    {
                        Check(item, items, $"{at}[{index}]", errors);
                    }

                    index++;
                }

                break;
            case "string" or "integer" or "number" or "boolean":
                if (value is not YamlScalarNode scalar || !(TypeOf(scalar) == type || (type == "number" && TypeOf(scalar) == "integer")))
                {
                    errors.Add($"{at}: must be of type {type}");
                    return;
                }

                CheckScalar(scalar, schema, at, errors);
                break;
            case null:
                break;
            default:
                errors.Add($"{at}: schema type '{type}' is not understood by this validator");
                break;
        }
    }

    private static void CheckScalar(YamlScalarNode scalar, YamlMappingNode schema, string at, List<string> errors)
    {
        var text = scalar.Value!;
        if (schema.Children.TryGetValue(new YamlScalarNode("enum"), out var allowed)
            && !((YamlSequenceNode)allowed).Cast<YamlScalarNode>().Any(a => a.Value == text))
        {
            errors.Add($"{at}: '{text}' is not one of {string.Join(", ", ((YamlSequenceNode)allowed).Cast<YamlScalarNode>().Select(a => a.Value))}");
        }

        if (Scalar(schema, "pattern") is { } pattern && !Regex.IsMatch(text, pattern))
        {
            errors.Add($"{at}: '{text}' does not match {pattern}");
        }

        if (Scalar(schema, "maxLength") is { } maxLength && text.Length > int.Parse(maxLength, CultureInfo.InvariantCulture))
        {
            errors.Add($"{at}: longer than {maxLength}");
        }

        if (Scalar(schema, "minLength") is { } minLength && text.Length < int.Parse(minLength, CultureInfo.InvariantCulture))
        {
            errors.Add($"{at}: shorter than {minLength}");
        }

        if (TypeOf(scalar) is "integer" or "number")
        {
            var number = double.Parse(text, CultureInfo.InvariantCulture);
            if (Scalar(schema, "minimum") is { } minimum && number < double.Parse(minimum, CultureInfo.InvariantCulture))
            {
                errors.Add($"{at}: {text} is below the minimum {minimum}");
            }

            if (Scalar(schema, "maximum") is { } maximum && number > double.Parse(maximum, CultureInfo.InvariantCulture))
            {
                errors.Add($"{at}: {text} is above the maximum {maximum}");
            }
        }
    }

    /// <summary>The YAML 1.2 core schema's type of a scalar: quoted is always a string.</summary>
    private static string TypeOf(YamlScalarNode scalar)
    {
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return "string";
        }

        return scalar.Value switch
        {
            "true" or "false" => "boolean",
            "null" or "~" or "" => "null",
            var v when Regex.IsMatch(v!, "^[-+]?[0-9]+$") => "integer",
            var v when Regex.IsMatch(v!, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$") => "number",
            _ => "string",
        };
    }

    private static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
