using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;

namespace ReferenceApp.SystemTests;

/// <summary>
/// Talks to the running gateway as many distinct clients would: no shared cookie jar, so each request without a
/// cookie header is a new client, and a test that wants stickiness sends the cookie itself.
/// </summary>
public sealed class GatewayClient : IDisposable
{
    public const string AdminKey = "system-tests-admin-key-0123456789abcdef";

    private readonly HttpClient http;

    public GatewayClient(ReferenceAppHost host)
    {
        http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 16 })
        {
            BaseAddress = host.App.GetEndpoint("gateway", "http"),
        };
    }

    public async Task<(int Status, string Version, string? StickyCookie)> GetProductsAsync(string? cookie = null, string? canary = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (canary is not null)
        {
            // The gateway honours X-Canary only from an operator, proven by the admin key.
            request.Headers.Add("X-Canary", canary);
            request.Headers.Add("X-Admin-Key", AdminKey);
        }

        using var response = await http.SendAsync(request);
        var version = response.Headers.TryGetValues("X-Orders-Version", out var values) ? values.Single() : "";
        var sticky = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("canary-version=", StringComparison.Ordinal))
            : null;
        return ((int)response.StatusCode, version, sticky);
    }

    public async Task<JsonElement> CanaryAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/canary");
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose() => http.Dispose();
}
