using System.Text;
using System.Text.Json;

namespace ReferenceApp.Frontend.Services;

public static class JsonBody
{
    /// <summary>A buffered camelCase JSON body (with Content-Length), sent again as-is when the resilience handler retries.</summary>
    public static StringContent Create<T>(T value) =>
        new(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
}
