using System.Text.Json;

namespace ReferenceApp.Deploy.Input;

/// <summary>
/// Reads an Aspire manifest strictly: an unknown resource type or an unknown field is an error naming the resource
/// and the field, because silently dropping something the AppHost declared would deploy a different system.
/// </summary>
public static class ManifestReader
{
    public static AspireManifest ReadFile(string path) => Read(File.ReadAllText(path));

    public static AspireManifest Read(string json)
    {
        using var document = ParseJson(json);
        var root = document.RootElement;
        RequireObject(root, "manifest", "(root)");
        AllowOnly(root, "manifest", "(root)", "resources");
        if (!root.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Object)
        {
            throw new DeploymentInputException("The manifest has no 'resources' object.");
        }

        var result = new SortedDictionary<string, ManifestResource>(StringComparer.Ordinal);
        foreach (var resource in resources.EnumerateObject())
        {
            result.Add(resource.Name, ReadResource(resource.Name, resource.Value));
        }

        return new AspireManifest(result);
    }

    private static JsonDocument ParseJson(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DeploymentInputException($"The manifest is not valid JSON: {e.Message}");
        }
    }

    private static ManifestResource ReadResource(string name, JsonElement element)
    {
        RequireObject(element, name, "(resource)");
        var type = OptionalString(element, name, "type")
            ?? throw new DeploymentInputException($"Resource '{name}': field 'type' is missing.");
        return type switch
        {
            "project.v0" => ReadProject(name, element),
            "container.v0" => ReadContainer(name, element),
            "parameter.v0" => ReadParameter(name, element),
            "value.v0" => ReadValue(name, element),
            "annotated.string" => ReadAnnotatedString(name, element),
            _ => throw new DeploymentInputException(
                $"Resource '{name}': field 'type' is '{type}', which the generator does not understand " +
                "(it handles project.v0, container.v0, parameter.v0, value.v0 and annotated.string)."),
        };
    }

    private static ProjectResource ReadProject(string name, JsonElement element)
    {
        AllowOnly(element, name, "", "type", "path", "env", "bindings", "args");
        return new ProjectResource(
            name,
            OptionalString(element, name, "path") ?? throw Missing(name, "path"),
            ReadStringMap(element, name, "env"),
            ReadBindings(element, name),
            ReadStringList(element, name, "args"));
    }

    private static ContainerResource ReadContainer(string name, JsonElement element)
    {
        AllowOnly(element, name, "", "type", "image", "entrypoint", "args", "env", "bindings", "volumes", "connectionString");
        return new ContainerResource(
            name,
            OptionalString(element, name, "image") ?? throw Missing(name, "image"),
            OptionalString(element, name, "entrypoint"),
            ReadStringList(element, name, "args"),
            ReadStringMap(element, name, "env"),
            ReadBindings(element, name),
            ReadVolumes(element, name),
            OptionalString(element, name, "connectionString"));
    }

    private static ParameterResource ReadParameter(string name, JsonElement element)
    {
        AllowOnly(element, name, "", "type", "value", "inputs");
        var value = OptionalString(element, name, "value") ?? throw Missing(name, "value");
        if (value != $"{{{name}.inputs.value}}")
        {
            throw new DeploymentInputException(
                $"Resource '{name}': field 'value' is '{value}'; only '{{{name}.inputs.value}}' is understood.");
        }

        if (!element.TryGetProperty("inputs", out var inputs) || !inputs.TryGetProperty("value", out var input))
        {
            throw Missing(name, "inputs.value");
        }

        RequireObject(input, name, "inputs.value");
        AllowOnly(input, name, "inputs.value.", "type", "secret", "default", "description");
        var secret = input.TryGetProperty("secret", out var secretElement) && secretElement.ValueKind == JsonValueKind.True;
        string? defaultValue = null;
        if (input.TryGetProperty("default", out var defaults))
        {
            AllowOnly(defaults, name, "inputs.value.default.", "value", "generate");
            if (defaults.TryGetProperty("value", out var literal))
            {
                defaultValue = literal.ValueKind == JsonValueKind.String
                    ? literal.GetString()
                    : throw new DeploymentInputException($"Resource '{name}': field 'inputs.value.default.value' must be a string.");
            }
        }

        return new ParameterResource(name, secret, defaultValue);
    }

    private static ValueResource ReadValue(string name, JsonElement element)
    {
        AllowOnly(element, name, "", "type", "connectionString");
        return new ValueResource(name, OptionalString(element, name, "connectionString") ?? throw Missing(name, "connectionString"));
    }

    private static AnnotatedStringResource ReadAnnotatedString(string name, JsonElement element)
    {
        AllowOnly(element, name, "", "type", "value", "filter");
        var filter = OptionalString(element, name, "filter");
        if (filter is not null and not "uri")
        {
            throw new DeploymentInputException($"Resource '{name}': field 'filter' is '{filter}'; only 'uri' is understood.");
        }

        return new AnnotatedStringResource(name, OptionalString(element, name, "value") ?? throw Missing(name, "value"), filter);
    }

    private static SortedDictionary<string, ManifestBinding> ReadBindings(JsonElement element, string name)
    {
        var result = new SortedDictionary<string, ManifestBinding>(StringComparer.Ordinal);
        if (!element.TryGetProperty("bindings", out var bindings))
        {
            return result;
        }

        RequireObject(bindings, name, "bindings");
        foreach (var binding in bindings.EnumerateObject())
        {
            var field = $"bindings.{binding.Name}";
            RequireObject(binding.Value, name, field);
            AllowOnly(binding.Value, name, field + ".", "scheme", "protocol", "transport", "targetPort", "port", "external");
            int? targetPort = null;
            if (binding.Value.TryGetProperty("targetPort", out var port))
            {
                targetPort = port.ValueKind == JsonValueKind.Number && port.TryGetInt32(out var p) && p is > 0 and < 65536
                    ? p
                    : throw new DeploymentInputException($"Resource '{name}': field '{field}.targetPort' must be a port number.");
            }

            var external = binding.Value.TryGetProperty("external", out var ext) && ext.ValueKind == JsonValueKind.True;
            result.Add(binding.Name, new ManifestBinding(
                binding.Name,
                OptionalString(binding.Value, name, field + ".scheme", "scheme") ?? throw Missing(name, field + ".scheme"),
                OptionalString(binding.Value, name, field + ".protocol", "protocol") ?? "tcp",
                OptionalString(binding.Value, name, field + ".transport", "transport") ?? "tcp",
                targetPort,
                external));
        }

        return result;
    }

    private static List<ManifestVolume> ReadVolumes(JsonElement element, string name)
    {
        var result = new List<ManifestVolume>();
        if (!element.TryGetProperty("volumes", out var volumes))
        {
            return result;
        }

        if (volumes.ValueKind != JsonValueKind.Array)
        {
            throw new DeploymentInputException($"Resource '{name}': field 'volumes' must be an array.");
        }

        var index = 0;
        foreach (var volume in volumes.EnumerateArray())
        {
            var field = $"volumes[{index++}]";
            RequireObject(volume, name, field);
            AllowOnly(volume, name, field + ".", "name", "target", "readOnly");
            result.Add(new ManifestVolume(
                OptionalString(volume, name, field + ".name", "name") ?? throw Missing(name, field + ".name"),
                OptionalString(volume, name, field + ".target", "target") ?? throw Missing(name, field + ".target"),
                volume.TryGetProperty("readOnly", out var ro) && ro.ValueKind == JsonValueKind.True));
        }

        return result;
    }

    private static SortedDictionary<string, string> ReadStringMap(JsonElement element, string name, string field)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty(field, out var map))
        {
            return result;
        }

        RequireObject(map, name, field);
        foreach (var entry in map.EnumerateObject())
        {
            result.Add(entry.Name, entry.Value.ValueKind == JsonValueKind.String
                ? entry.Value.GetString()!
                : throw new DeploymentInputException($"Resource '{name}': field '{field}.{entry.Name}' must be a string."));
        }

        return result;
    }

    private static List<string> ReadStringList(JsonElement element, string name, string field)
    {
        if (!element.TryGetProperty(field, out var list))
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new DeploymentInputException($"Resource '{name}': field '{field}' must be an array of strings.");
        }

        return list.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw new DeploymentInputException($"Resource '{name}': field '{field}[{i}]' must be a string.")).ToList();
    }

    private static string? OptionalString(JsonElement element, string name, string field, string? property = null)
    {
        if (!element.TryGetProperty(property ?? field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new DeploymentInputException($"Resource '{name}': field '{field}' must be a string.");
    }

    private static void RequireObject(JsonElement element, string name, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DeploymentInputException($"Resource '{name}': field '{field}' must be an object.");
        }
    }

    private static void AllowOnly(JsonElement element, string name, string prefix, params string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DeploymentInputException($"Resource '{name}': field '{prefix.TrimEnd('.')}' must be an object.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new DeploymentInputException(
                    $"Resource '{name}': field '{prefix}{property.Name}' is not understood by the generator " +
                    $"(known here: {string.Join(", ", known)}).");
            }
        }
    }

    private static DeploymentInputException Missing(string name, string field) =>
        new($"Resource '{name}': field '{field}' is missing.");
}
