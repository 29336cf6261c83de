-- Fluent Bit Lua filter (deploy/logging/referenceapp.lua): turns a .NET JSON console log line of ReferenceApp, already
-- merged into the record by the kubernetes filter (Merge_Log), into the fields Kibana's views use:
-- @timestamp, level, message, category, service, trace_id, span_id (from the activity scope), state, scopes, kubernetes.
-- A line that is not ours (no LogLevel) passes unchanged.
function referenceapp_fields(tag, timestamp, record)
    if record["LogLevel"] == nil then
        return 0, timestamp, record
    end

    local out = {}
    out["@timestamp"] = record["Timestamp"]
    out["level"] = record["LogLevel"]
    out["message"] = record["Message"]
    out["category"] = record["Category"]
    out["event_id"] = record["EventId"]
    out["exception"] = record["Exception"]
    out["state"] = record["State"]
    out["scopes"] = record["Scopes"]
    -- ActivityTrackingOptions put TraceId and SpanId in a scope of their own; the first one found is the activity's.
    if type(record["Scopes"]) == "table" then
        for _, scope in ipairs(record["Scopes"]) do
            if type(scope) == "table" and scope["TraceId"] ~= nil and out["trace_id"] == nil then
                out["trace_id"] = scope["TraceId"]
                out["span_id"] = scope["SpanId"]
            end
        end
    end

    local kubernetes = record["kubernetes"]
    out["kubernetes"] = kubernetes
    if type(kubernetes) == "table" then
        if type(kubernetes["labels"]) == "table" then
            out["service"] = kubernetes["labels"]["app.kubernetes.io/name"]
        end
        if out["service"] == nil then
            out["service"] = kubernetes["container_name"]
        end
    end

    return 1, timestamp, out
end
