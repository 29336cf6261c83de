using System.Text.RegularExpressions;

namespace ReferenceApp.Deploy.Input;

/// <summary>
/// Resolves the manifest's {resource.field} placeholders to what they mean inside the cluster: a binding becomes the
/// Kubernetes Service DNS name and port, a secret parameter becomes a marker (never its value), a connection string
/// is expanded so its secrecy and the endpoints it reaches are known.
/// </summary>
public sealed partial class PlaceholderResolver(
    AspireManifest manifest, DeploymentProfile profile, IReadOnlyDictionary<string, string>? derivedParameters = null)
{
    private const int MaxDepth = 16;

    public ResolvedValue Resolve(string template, string context) => Resolve(template, context, 0);

    /// <summary>The port a binding listens on in the cluster (container port = Service port).</summary>
    public int PortOf(ManifestResource resource, ManifestBinding binding) => resource switch
    {
        ProjectResource => binding.TargetPort ?? profile.ProjectHttpPort,
        _ => binding.TargetPort ?? throw new DeploymentInputException(
            $"Resource '{resource.Name}': field 'bindings.{binding.Name}.targetPort' is missing; a container must name its port."),
    };

    private ResolvedValue Resolve(string template, string context, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new DeploymentInputException($"{context}: placeholders nest deeper than {MaxDepth} levels (a cycle?).");
        }

        var text = new System.Text.StringBuilder();
        var secret = false;
        var endpoints = new SortedSet<EndpointReference>();
        var last = 0;
        foreach (Match match in Placeholder().Matches(template))
        {
            text.Append(template, last, match.Index - last);
            last = match.Index + match.Length;
            var part = ResolvePlaceholder(match.Groups[1].Value, match.Groups[2].Value, context, depth);
            text.Append(part.Text);
            secret |= part.IsSecret;
            endpoints.UnionWith(part.Endpoints);
        }

        text.Append(template, last, template.Length - last);
        var result = text.ToString();
        return new ResolvedValue(result, secret, endpoints);
    }

    private ResolvedValue ResolvePlaceholder(string resourceName, string field, string context, int depth)
    {
        var placeholder = $"{{{resourceName}.{field}}}";
        if (!manifest.Resources.TryGetValue(resourceName, out var resource))
        {
            throw new DeploymentInputException($"{context}: '{placeholder}' names resource '{resourceName}', which the manifest does not have.");
        }

        var inner = $"{context} via '{placeholder}'";
        switch (resource, field)
        {
            case (ParameterResource parameter, "value"):
                return ParameterValue(parameter, context);
            case (AnnotatedStringResource annotated, "value"):
                var value = Resolve(annotated.Value, inner, depth + 1);
                return value.IsSecret
                    ? value with { Text = $"<{annotated.Name}>" }
                    : value with { Text = annotated.Filter == "uri" ? Uri.EscapeDataString(value.Text) : value.Text };
            case (ValueResource valueResource, "connectionString"):
                return Resolve(valueResource.ConnectionString, inner, depth + 1);
            case (ContainerResource container, "connectionString"):
                return Resolve(container.ConnectionString ?? throw new DeploymentInputException(
                    $"{context}: '{placeholder}' asks for the connection string of '{resourceName}', which has none."), inner, depth + 1);
            case (ProjectResource or ContainerResource, _) when field.StartsWith("bindings.", StringComparison.Ordinal):
                return BindingValue(resource, field, placeholder, context);
            default:
                throw new DeploymentInputException(
                    $"{context}: '{placeholder}' asks for field '{field}' of resource '{resourceName}' ({resource.GetType().Name}), which the generator does not understand.");
        }
    }

    private ResolvedValue ParameterValue(ParameterResource parameter, string context)
    {
        if (parameter.Secret)
        {
            // Only a marker: the value itself lives in a Secret the cluster operator creates.
            return new ResolvedValue($"<{parameter.Name}>", true, []);
        }

        if (profile.Parameters.TryGetValue(parameter.Name, out var fromProfile))
        {
            return new ResolvedValue(fromProfile, false, []);
        }

        if (derivedParameters?.TryGetValue(parameter.Name, out var derived) == true)
        {
            return new ResolvedValue(derived, false, []);
        }

        return parameter.DefaultValue is { } defaultValue
            ? new ResolvedValue(defaultValue, false, [])
            : throw new DeploymentInputException(
                $"{context}: parameter '{parameter.Name}' has no value; set parameters.{parameter.Name} in the deployment profile.");
    }

    private ResolvedValue BindingValue(ManifestResource resource, string field, string placeholder, string context)
    {
        var parts = field.Split('.');
        var bindings = resource switch
        {
            ProjectResource p => p.Bindings,
            ContainerResource c => c.Bindings,
            _ => throw new InvalidOperationException(),
        };
        if (parts.Length != 3 || !bindings.TryGetValue(parts[1], out var binding))
        {
            throw new DeploymentInputException($"{context}: '{placeholder}' names a binding that resource '{resource.Name}' does not have.");
        }

        var port = PortOf(resource, binding);
        var endpoint = new EndpointReference(resource.Name, binding.Name, port);
        return parts[2] switch
        {
            // The Kubernetes Service has the resource's name, in the same namespace: the short DNS name resolves.
            "host" => new ResolvedValue(resource.Name, false, [endpoint]),
            "port" or "targetPort" => new ResolvedValue(port.ToString(System.Globalization.CultureInfo.InvariantCulture), false, [endpoint]),
            "scheme" => new ResolvedValue(binding.Scheme, false, []),
            "url" => new ResolvedValue($"{binding.Scheme}://{resource.Name}:{port}", false, [endpoint]),
            var other => throw new DeploymentInputException(
                $"{context}: '{placeholder}' asks for '{other}' of binding '{binding.Name}' of resource '{resource.Name}'; " +
                "the generator understands host, port, targetPort, scheme and url."),
        };
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_.-]+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>A resolved value: its text (secrets as &lt;name&gt; markers), whether it carries a secret, and the endpoints it points at.</summary>
public sealed record ResolvedValue(string Text, bool IsSecret, IReadOnlyCollection<EndpointReference> Endpoints);

public sealed record EndpointReference(string Resource, string Binding, int Port) : IComparable<EndpointReference>
{
    public int CompareTo(EndpointReference? other) => other is null ? 1
        : string.CompareOrdinal($"{Resource}/{Binding}/{Port:D5}", $"{other.Resource}/{other.Binding}/{other.Port:D5}");
}
