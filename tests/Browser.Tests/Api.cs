using System.Net.Http.Json;
using System.Text.Json;

namespace ReferenceApp.BrowserTests;

/// <summary>Reads through the gateway, as any client would, what the pages did.</summary>
public static class Api
{
    public static async Task<JsonElement> GetOrderAsync(HttpClient gateway, string orderId) =>
        await gateway.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}", TestContext.Current.CancellationToken);

    /// <summary>The orders of the customer whose token the client sends.</summary>
    public static async Task<IReadOnlyList<JsonElement>> GetCustomerOrdersAsync(HttpClient gateway)
    {
        var page = await gateway.GetFromJsonAsync<JsonElement>("/api/orders?limit=100",
            TestContext.Current.CancellationToken);
        return page.GetProperty("items").EnumerateArray().ToList();
    }
}
