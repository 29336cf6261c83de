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

        var checkout = await storefront.GetStringAsync("/checkout");
        Assert.Contains("Single-Origin Coffee Beans", checkout, StringComparison.Ordinal);
        var placed = await storefront.PostAsync("/checkout", Form(checkout, "checkout",
            ("Model.IdempotencyKey", IdempotencyKeyField().Match(checkout).Groups["key"].Value),
            ("Model.CardNumber", "4242 4242 4242 4242"),
            ("Model.Expiry", DateTime.UtcNow.AddYears(2).ToString("MM/yy", System.Globalization.CultureInfo.InvariantCulture)),
            ("Model.Cvc", "123")));
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var orderId = OrderIdInLocation().Match(placed.Headers.Location!.OriginalString).Groups["id"].Value;
        Assert.NotEmpty(orderId);

        using var gateway = host.CreateHttpClient("gateway");
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

    [GeneratedRegex("name=\"Model.IdempotencyKey\" value=\"(?<key>[^\"]+)\"")]
    private static partial Regex IdempotencyKeyField();

    [GeneratedRegex("/orders/(?<id>[0-9a-fA-F-]{36})")]
    private static partial Regex OrderIdInLocation();
}
