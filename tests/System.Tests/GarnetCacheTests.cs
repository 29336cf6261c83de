using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;

namespace ReferenceApp.SystemTests;

/// <summary>
/// The whole system on a machine without redis-server: the AppHost runs the embedded Garnet server as the cache,
/// and a customer's cart (Lua scripts), anti-forgery keys and the canary state all live in it.
/// </summary>
[Collection(GarnetSystemCollection.Name)]
public sealed partial class GarnetCacheTests(GarnetSystemFixture system)
{
    private static readonly TimeSpan PaidWithin = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task With_the_cache_forced_to_Garnet_a_storefront_order_reaches_Paid()
    {
        var host = system.Host;

        // The cache is Garnet, and every service runs from its built output, not through a dotnet run launcher.
        Assert.Contains("GarnetCache.dll", CommandLine(host.ProcessIdOf("cache")), StringComparison.Ordinal);
        foreach (var service in ReferenceAppHost.Services)
        {
            var commandLine = CommandLine(host.ProcessIdOf(service));
            Assert.DoesNotContain(" run ", commandLine, StringComparison.Ordinal);
            Assert.EndsWith(".dll", commandLine.Split(' ')[^1], StringComparison.Ordinal);
        }

        var cookies = new CookieContainer();
        using var storefront = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = host.App.GetEndpoint("frontend", "http"),
        };
        var catalogue = await storefront.GetStringAsync("/");
        var added = await storefront.PostAsync("/", Form(catalogue, "add-to-cart", ("ProductId", "coffee-beans-1kg")));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        // The cart lives in Garnet (its Lua scripts and expiry); checkout needs a signed-in customer, whose browser path the
        // Browser tests drive, so the order itself is placed through the gateway with the run's customer token.
        var cart = await storefront.GetStringAsync("/cart");
        Assert.Contains("Single-Origin Coffee Beans", cart, StringComparison.Ordinal);
        using var gateway = await host.SignedInGatewayAsync();
        using var place = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                customerId = "named-in-the-body", // ignored: the order is the token's customer's
                items = new[] { new { productId = "coffee-beans-1kg", quantity = 1 } },
                card = new { number = "4242424242424242", expiry = DateTime.UtcNow.AddYears(2).ToString("MM/yy", System.Globalization.CultureInfo.InvariantCulture), cvc = "123" },
            }),
        };
        place.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var placed = await gateway.SendAsync(place);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.NotEmpty(orderId!);

        var deadline = DateTime.UtcNow + PaidWithin;
        string? status = null;
        while (DateTime.UtcNow < deadline && status != "Paid")
        {
            using var order = JsonDocument.Parse(await gateway.GetStringAsync($"/api/orders/{orderId}"));
            status = order.RootElement.GetProperty("status").GetString();
            if (status != "Paid")
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal("Paid", status);
    }

    private static string CommandLine(int pid) =>
        File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    /// <summary>The named form's post, with the anti-forgery token the page rendered.</summary>
    private static FormUrlEncodedContent Form(string page, string handler, params (string Name, string Value)[] fields)
    {
        var token = AntiforgeryField().Match(page).Groups["token"].Value;
        Assert.NotEmpty(token);
        return new FormUrlEncodedContent(
            new[] { ("_handler", handler), ("__RequestVerificationToken", token) }.Concat(fields)
                .Select(field => new KeyValuePair<string, string>(field.Item1, field.Item2)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
