using System.Text.Json.Nodes;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Apis;

/// <summary>
/// The public API's OpenAPI document: exactly what the gateway's routes forward (path prefix and methods), taken from
/// the documents the services behind them publish, so it cannot describe a route the gateway does not have.
/// </summary>
public sealed class PublicApiDocument(IProxyStateLookup proxy, IHttpClientFactory clients)
{
    public const string DocumentName = "public";
    public const string Path = "/openapi/" + DocumentName + ".json";
    public const string Title = "ReferenceApp public API";
    public const string ServiceDocumentPath = "/openapi/v1.json";

    // A service builds its document on the first request, which takes seconds on a busy machine.
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(15);
    private static readonly HashSet<string> Operations = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public async Task<JsonObject> BuildAsync(CancellationToken cancellationToken)
    {
        var documents = new Dictionary<string, JsonObject>();
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var route in proxy.GetRoutes().OrderBy(route => route.Config.RouteId, StringComparer.Ordinal))
        {
            if (route.Cluster is not { } cluster || PrefixOf(route.Config.Match.Path) is not { } prefix)
            {
                continue;
            }

            if (!documents.TryGetValue(cluster.ClusterId, out var document))
            {
                document = await FetchAsync(cluster, cancellationToken);
                documents[cluster.ClusterId] = document;
            }

            var methods = route.Config.Match.Methods?.Select(method => method.ToLowerInvariant()).ToHashSet();
            foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
            {
                if (!(path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)) || item is not JsonObject operations)
                {
                    continue;
                }

                var kept = paths.TryGetValue(path, out var existing) ? existing : [];
                foreach (var (method, operation) in operations.Where(entry => !Operations.Contains(entry.Key) || methods is null || methods.Contains(entry.Key)))
                {
                    kept[method] ??= operation?.DeepClone();
                }

                // A path whose every method stays internal (payments' writes) is not public at all.
                if (kept.Any(entry => Operations.Contains(entry.Key)))
                {
                    paths[path] = kept;
                }
            }
        }

        return Merge(documents.Values, paths);
    }

    /// <summary>"/api/orders/{**rest}" forwards "/api/orders" and everything under it.</summary>
    public static string? PrefixOf(string? routePath)
    {
        if (string.IsNullOrEmpty(routePath))
        {
            return null;
        }

        var catchAll = routePath.IndexOf("/{**", StringComparison.Ordinal);
        return catchAll >= 0 ? routePath[..catchAll] : routePath.TrimEnd('/');
    }

    private async Task<JsonObject> FetchAsync(ClusterState cluster, CancellationToken cancellationToken)
    {
        // Any instance will do: the versions behind one cluster publish the same API.
        var destination = cluster.DestinationsState.AvailableDestinations.OrderBy(d => d.DestinationId, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new ServiceDocumentUnavailableException(cluster.ClusterId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        try
        {
            using var client = clients.CreateClient(nameof(PublicApiDocument));
            var address = new Uri(new Uri(destination.Model.Config.Address), ServiceDocumentPath);
            return JsonNode.Parse(await client.GetStringAsync(address, timeout.Token))?.AsObject()
                ?? throw new ServiceDocumentUnavailableException(cluster.ClusterId);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            throw new ServiceDocumentUnavailableException(cluster.ClusterId, e);
        }
    }

    private static JsonObject Merge(IEnumerable<JsonObject> sources, SortedDictionary<string, JsonObject> paths)
    {
        var all = sources.ToList();
        var pathsNode = new JsonObject();
        foreach (var (path, item) in paths)
        {
            pathsNode[path] = item;
        }

        // Only the schemas the kept operations use (and the schemas those use), not every service's internal ones.
        var available = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var securitySchemes = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var source in all)
        {
            foreach (var (name, schema) in source["components"]?["schemas"]?.AsObject() ?? [])
            {
                available.TryAdd(name, schema);
            }

            foreach (var (name, scheme) in source["components"]?["securitySchemes"]?.AsObject() ?? [])
            {
                securitySchemes.TryAdd(name, scheme);
            }
        }

        var used = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode?>([pathsNode]);
        while (pending.TryPop(out var node))
        {
            foreach (var name in SchemaReferences(node))
            {
                if (used.Add(name) && available.TryGetValue(name, out var schema))
                {
                    pending.Push(schema);
                }
            }
        }

        var schemas = new JsonObject();
        foreach (var name in used.Where(available.ContainsKey))
        {
            schemas[name] = available[name]?.DeepClone();
        }

        var schemesNode = new JsonObject();
        foreach (var (name, scheme) in securitySchemes)
        {
            schemesNode[name] = scheme?.DeepClone();
        }

        return new JsonObject
        {
            ["openapi"] = all.Select(d => d["openapi"]?.GetValue<string>()).FirstOrDefault(v => v is not null) ?? "3.1.1",
            ["info"] = new JsonObject { ["title"] = Title, ["version"] = "v1" },
            ["paths"] = pathsNode,
            ["components"] = new JsonObject { ["schemas"] = schemas, ["securitySchemes"] = schemesNode },
        };
    }

    private static IEnumerable<string> SchemaReferences(JsonNode? node)
    {
        const string prefix = "#/components/schemas/";
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && value?.GetValue<string>() is { } reference && reference.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        yield return reference[prefix.Length..];
                    }
                    else
                    {
                        foreach (var name in SchemaReferences(value))
                        {
                            yield return name;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var name in array.SelectMany(SchemaReferences))
                {
                    yield return name;
                }

                break;
        }
    }
}

/// <summary>A service behind the gateway did not hand over its document, so the public one cannot be complete.</summary>
public sealed class ServiceDocumentUnavailableException(string clusterId, Exception? inner = null)
    : Exception($"The {clusterId} service's OpenAPI document could not be read.", inner)
{
    public string ClusterId { get; } = clusterId;
}
