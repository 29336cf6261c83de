namespace ReferenceApp.Testing;

/// <summary>One span as a collector receives it: ids as lowercase hex, attributes as strings.</summary>
public sealed record ReceivedSpan(
    string ServiceName,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes);
