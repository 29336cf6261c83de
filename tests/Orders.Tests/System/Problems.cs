using System.Net;
using System.Text.Json;

namespace ReferenceApp.Orders.Tests;

public static class Problems
{
    /// <summary>Asserts an RFC 9457 response with the status, the version header and, when given, an error for the field.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains(OrdersVersion.HeaderName), "X-Orders-Version missing");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"No error for '{field}': {body}");
        }

        return problem;
    }
}
