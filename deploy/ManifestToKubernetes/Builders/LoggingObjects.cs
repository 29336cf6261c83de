using System.Text.Json;
using System.Text.Json.Nodes;
using ReferenceApp.Deploy.Input;
using ReferenceApp.Deploy.Model;

namespace ReferenceApp.Deploy.Builders;

/// <summary>
/// Elasticsearch's ILM policy and index template, and Kibana's saved objects, for the log data stream. The fields are
/// those the Lua filter (deploy/logging/referenceapp.lua) makes of our JSON log lines; the tests hold the three together.
/// </summary>
public static class LoggingObjects
{
    /// <summary>The fields the index maps and Kibana's views use.</summary>
    public static readonly IReadOnlyList<string> ViewFields = ["@timestamp", "level", "service", "message", "category", "trace_id", "span_id"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Hot (rolled over by size or age), warm (merged, lower priority), then deleted; figures from the profile.</summary>
    public static string IlmPolicy(LoggingProfile logging) => new JsonObject
    {
        ["policy"] = new JsonObject
        {
            ["_meta"] = new JsonObject { ["managed_by"] = Labels.ManagedByValue },
            ["phases"] = new JsonObject
            {
                ["hot"] = new JsonObject
                {
                    ["actions"] = new JsonObject
                    {
                        ["rollover"] = new JsonObject { ["max_primary_shard_size"] = logging.Rollover.MaxPrimaryShardSize, ["max_age"] = logging.Rollover.MaxAge },
                        ["set_priority"] = new JsonObject { ["priority"] = 100 },
                    },
                },
                ["warm"] = new JsonObject
                {
                    ["min_age"] = logging.WarmAfter,
                    ["actions"] = new JsonObject
                    {
                        ["forcemerge"] = new JsonObject { ["max_num_segments"] = 1 },
                        ["set_priority"] = new JsonObject { ["priority"] = 50 },
                    },
                },
                ["delete"] = new JsonObject { ["min_age"] = logging.DeleteAfter, ["actions"] = new JsonObject { ["delete"] = new JsonObject() } },
            },
        },
    }.ToJsonString(Indented) + "\n";

    /// <summary>A data stream template: fixed mapping for the view fields, flattened State and Scopes (their keys vary by message), nothing dynamic.</summary>
    public static string IndexTemplate(LoggingProfile logging) => new JsonObject
    {
        ["index_patterns"] = new JsonArray($"{logging.DataStream}*"),
        ["data_stream"] = new JsonObject(),
        ["priority"] = 200,
        ["template"] = new JsonObject
        {
            ["settings"] = new JsonObject
            {
                ["index.lifecycle.name"] = logging.DataStream,
                ["index.number_of_shards"] = 1,
                ["index.number_of_replicas"] = 1,
            },
            ["mappings"] = new JsonObject
            {
                // Unmapped fields stay in _source without growing the mapping.
                ["dynamic"] = false,
                ["properties"] = new JsonObject
                {
                    ["@timestamp"] = Type("date"),
                    ["level"] = Type("keyword"),
                    ["service"] = Type("keyword"),
                    ["message"] = Type("text"),
                    ["category"] = Type("keyword"),
                    ["trace_id"] = Type("keyword"),
                    ["span_id"] = Type("keyword"),
                    ["event_id"] = Type("long"),
                    ["exception"] = Type("text"),
                    ["state"] = Type("flattened"),
                    ["scopes"] = Type("flattened"),
                    ["kubernetes"] = new JsonObject
                    {
                        ["properties"] = new JsonObject
                        {
                            ["namespace_name"] = Type("keyword"),
                            ["pod_name"] = Type("keyword"),
                            ["container_name"] = Type("keyword"),
                            ["host"] = Type("keyword"),
                        },
                    },
                },
            },
        },
    }.ToJsonString(Indented) + "\n";

    /// <summary>
    /// Kibana saved objects (one JSON object a line): a data view whose trace_id renders as a link to the trace, a
    /// search of error logs, and a dashboard showing that search, so each error row links to its request's trace.
    /// </summary>
    public static string KibanaObjects(LoggingProfile logging)
    {
        var dataView = $"{logging.DataStream}-view";
        var search = $"{logging.DataStream}-errors";
        var objects = new[]
        {
            new JsonObject
            {
                ["id"] = dataView,
                ["type"] = "index-pattern",
                ["attributes"] = new JsonObject
                {
                    ["title"] = $"{logging.DataStream}*",
                    ["name"] = "ReferenceApp logs",
                    ["timeFieldName"] = "@timestamp",
                    ["fieldFormatMap"] = new JsonObject
                    {
                        ["trace_id"] = new JsonObject
                        {
                            ["id"] = "url",
                            ["params"] = new JsonObject { ["urlTemplate"] = logging.TraceUrlTemplate, ["labelTemplate"] = "{{value}}", ["openLinkInCurrentTab"] = false },
                        },
                    }.ToJsonString(),
                },
                ["references"] = new JsonArray(),
            },
            new JsonObject
            {
                ["id"] = search,
                ["type"] = "search",
                ["attributes"] = new JsonObject
                {
                    ["title"] = "ReferenceApp error logs",
                    ["columns"] = new JsonArray("service", "level", "message", "trace_id"),
                    ["sort"] = new JsonArray(new JsonArray("@timestamp", "desc")),
                    ["kibanaSavedObjectMeta"] = new JsonObject
                    {
                        ["searchSourceJSON"] = new JsonObject
                        {
                            ["query"] = new JsonObject { ["language"] = "kuery", ["query"] = "level : (\"Error\" or \"Critical\")" },
                            ["filter"] = new JsonArray(),
                            ["indexRefName"] = "kibanaSavedObjectMeta.searchSourceJSON.index",
                        }.ToJsonString(),
                    },
                },
                ["references"] = new JsonArray(new JsonObject { ["id"] = dataView, ["name"] = "kibanaSavedObjectMeta.searchSourceJSON.index", ["type"] = "index-pattern" }),
            },
            new JsonObject
            {
                ["id"] = $"{logging.DataStream}-dashboard",
                ["type"] = "dashboard",
                ["attributes"] = new JsonObject
                {
                    ["title"] = "ReferenceApp errors and their traces",
                    ["description"] = "Error logs of every service; a row's trace_id opens the request's trace.",
                    ["panelsJSON"] = new JsonArray(new JsonObject
                    {
                        ["panelIndex"] = "errors",
                        ["gridData"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["w"] = 48, ["h"] = 30, ["i"] = "errors" },
                        ["panelRefName"] = "panel_errors",
                        ["embeddableConfig"] = new JsonObject(),
                    }).ToJsonString(),
                    ["timeRestore"] = false,
                    ["kibanaSavedObjectMeta"] = new JsonObject { ["searchSourceJSON"] = new JsonObject { ["query"] = new JsonObject { ["language"] = "kuery", ["query"] = "" }, ["filter"] = new JsonArray() }.ToJsonString() },
                },
                ["references"] = new JsonArray(new JsonObject { ["id"] = search, ["name"] = "panel_errors", ["type"] = "search" }),
            },
        };
        return string.Concat(objects.Select(o => o.ToJsonString() + "\n"));
    }

    private static JsonObject Type(string type) => new() { ["type"] = type };
}
