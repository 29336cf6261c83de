using System.Net.Http.Json;

namespace ReferenceApp.TrafficGenerator;

/// <summary>What a shopper does in one step: look at the catalogue and, sometimes, buy something (docs/api.md shapes).</summary>
public sealed class ShopperJourney(HttpClient gateway, TrafficMetrics metrics)
{
    private const string CookieName = "canary-version";
    private const string TestCard = "4242424242424242";

    public async Task BrowseAndMaybeOrderAsync(Shopper shopper, bool placeOrder, CancellationToken cancellationToken)
    {
        using var browse = Request(HttpMethod.Get, "/api/products", shopper);
        using var products = await SendAsync(browse, shopper, "browse", cancellationToken);
        if (!placeOrder || !products.IsSuccessStatusCode)
        {
            return;
        }

        var catalogue = await products.Content.ReadFromJsonAsync<Product[]>(cancellationToken) ?? [];
        if (catalogue.Length == 0)
        {
            return;
        }

        var product = catalogue[Random.Shared.Next(catalogue.Length)];
        using var order = Request(HttpMethod.Post, "/api/orders", shopper);
        order.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        order.Content = JsonContent.Create(new
        {
            customerId = shopper.CustomerId, // ignored by orders (the token's subject is the customer); kept for readers of traces
            items = new[] { new { productId = product.Id, quantity = Random.Shared.Next(1, 4) } },
            // Two years ahead of today, so the simulated shoppers' card never expires.
            card = new { number = TestCard, expiry = DateTime.UtcNow.AddYears(2).ToString("MM/yy", System.Globalization.CultureInfo.InvariantCulture), cvc = "123" },
        });
        using var placed = await SendAsync(order, shopper, "order", cancellationToken);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, Shopper shopper)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Customer-Id", shopper.CustomerId);
        if (shopper.CanaryCookie is { } cookie)
        {
            request.Headers.Add("Cookie", $"{CookieName}={cookie}");
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Shopper shopper, string step, CancellationToken cancellationToken)
    {
        var response = await gateway.SendAsync(request, cancellationToken);
        RememberCookie(response, shopper);
        var version = response.Headers.TryGetValues("X-Orders-Version", out var values) ? values.FirstOrDefault() : null;
        metrics.Answered(step, version ?? "unknown", (int)response.StatusCode);
        return response;
    }

    private static void RememberCookie(HttpResponseMessage response, Shopper shopper)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return;
        }

        foreach (var cookie in cookies)
        {
            if (cookie.StartsWith(CookieName + "=", StringComparison.Ordinal))
            {
                shopper.CanaryCookie = cookie[(CookieName.Length + 1)..].Split(';')[0];
            }
        }
    }

    private sealed record Product(string Id, string Name);
}
