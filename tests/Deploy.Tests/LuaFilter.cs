using System.Globalization;
using System.Text;
using System.Text.Json;
using NLua;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// Runs a Fluent Bit Lua filter callback as Fluent Bit does: cb(tag, timestamp, record) returns code, timestamp,
/// record. The record is written as a Lua table constructor from JSON; what comes back is read as the result's
/// top-level scalar fields (the ones Kibana's views use) and the names of its table fields.
/// </summary>
public static class LuaFilter
{
    public sealed record Result(long Code, Dictionary<string, object?> Record);

    private const string Reader = """
        function __read(code, record)
          local parts = { tostring(code) }
          for key, value in pairs(record) do
            if type(value) == "table" then
              parts[#parts + 1] = key .. "\t(table)"
            else
              parts[#parts + 1] = key .. "\t" .. tostring(value)
            end
          end
          return table.concat(parts, "\n")
        end
        """;

    public static Result Run(string script, string function, JsonElement record)
    {
        using var lua = new Lua();
        lua.DoString(script);
        lua.DoString(Reader);
        var text = (string)lua.DoString($"local code, ts, out = {function}('kube.var.log.containers.test', 1700000000.0, {Literal(record)})\nreturn __read(code, out)")[0];
        var lines = text.Split('\n');
        var fields = lines.Skip(1).Select(l => l.Split('\t', 2)).ToDictionary(p => p[0], p => (object?)p[1], StringComparer.Ordinal);
        return new Result(long.Parse(lines[0], CultureInfo.InvariantCulture), fields);
    }

    /// <summary>JSON as a Lua table constructor: objects keyed by string, arrays from index 1.</summary>
    public static string Literal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", value.EnumerateObject().Select(p => $"[{Quote(p.Name)}]={Literal(p.Value)}")) + "}",
        JsonValueKind.Array => "{" + string.Join(",", value.EnumerateArray().Select(Literal)) + "}",
        JsonValueKind.String => Quote(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "nil",
    };

    private static string Quote(string text)
    {
        var result = new StringBuilder("\"");
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when c < ' ' => $"\\{(int)c:D3}",
                _ => c.ToString(),
            });
        }

        return result.Append('"').ToString();
    }
}
