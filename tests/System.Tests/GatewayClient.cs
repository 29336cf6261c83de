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

    private GatewayClient(ReferenceAppHost host, string accessToken)
    {
        http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 16 })
        {
            BaseAddress = host.App.GetEndpoint("gateway", "http"),
        };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
    }

    /// <summary>As the run's signed-in customer (orders need a customer's token; the product list does not mind one).</summary>
    public static async Task<GatewayClient> SignedInAsync(ReferenceAppHost host) =>
        new(host, await host.CustomerAccessTokenAsync());

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

    /// <summary>Places an order with the test card and an Idempotency-Key; returns the status (pinned to a version when <paramref name="canary"/> is set).</summary>
    public Task<int> PlaceOrderAsync(string? canary = null) => PlaceOrderAsync(http, canary);

    public static async Task<int> PlaceOrderAsync(HttpClient http, string? canary)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                customerId = "canary-" + Guid.NewGuid().ToString("N")[..12],
                items = new[] { new { productId = "coffee-beans-1kg", quantity = 1 } },
                card = new { number = "4242424242424242", expiry = DateTime.UtcNow.AddYears(2).ToString("MM/yy", System.Globalization.CultureInfo.InvariantCulture), cvc = "123" },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        if (canary is not null)
        {
            request.Headers.Add("X-Canary", canary);
            request.Headers.Add("X-Admin-Key", AdminKey);
        }

        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>The client itself, for flows of requests; no cookie jar, so each request is a new client.</summary>
    public HttpClient Http => http;

    /// <summary>Sets v2's weight as an operator does (admin API), which also starts a fresh canary after a rollback.</summary>
    public async Task SetWeightAsync(int v2)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/admin/canary/weight") { Content = JsonContent.Create(new { v2 }) };
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
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
