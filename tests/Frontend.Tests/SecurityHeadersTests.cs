using System.Net;
using System.Text.RegularExpressions;

namespace ReferenceApp.Frontend.Tests;

/// <summary>
/// The storefront's response headers (issue 15 item 6): a content security policy that allows only its own scripts,
/// styles and connections, no powerful browser features, its own browsing context group, and HSTS only over HTTPS.
/// </summary>
public sealed partial class SecurityHeadersTests(RedisFixture redis) : IAsyncDisposable
{
    private readonly StubGateway gateway = new((_, _) => StubGateway.Json(HttpStatusCode.OK, "[]"));
    private FrontendReplica? replica;

    [Fact]
    public async Task A_page_carries_a_content_security_policy_that_allows_only_the_storefront_itself()
    {
        var response = await Client("http://localhost").GetAsync("/", TestContext.Current.CancellationToken);

        var policy = Directives(Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        // Blazor's enhanced navigation fetches pages (and an interactive circuit would open a WebSocket) on its own origin.
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'self'", policy["base-uri"]);
        // Forms post to the storefront, and the sign-in continues at the identity service (FrontendReplica's authority).
        Assert.Equal("'self' https://identity.test", policy["form-action"]);
        Assert.DoesNotContain(policy.Values, value => value.Contains("unsafe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_configured_identity_provider_may_receive_the_sign_in_form_redirect()
    {
        var response = await Client("http://localhost", ("Identity:Authority", "https://identity.example:8443/"))
            .GetAsync("/", TestContext.Current.CancellationToken);

        var policy = Directives(Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("'self' https://identity.example:8443", policy["form-action"]);
    }

    [Fact]
    public async Task A_page_denies_powerful_browser_features_and_keeps_its_own_browsing_context_group()
    {
        var response = await Client("http://localhost").GetAsync("/", TestContext.Current.CancellationToken);

        var permissions = Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        foreach (var feature in new[] { "camera", "microphone", "geolocation", "payment", "usb" })
        {
            Assert.Contains($"{feature}=()", permissions, StringComparison.Ordinal);
        }

        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Opener-Policy")));
    }

    [Fact]
    public async Task Over_https_the_storefront_asks_browsers_to_come_back_only_over_https()
    {
        var response = await Client("https://storefront.example").GetAsync("/", TestContext.Current.CancellationToken);

        var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Matches("^max-age=[1-9][0-9]{6,}", hsts);
    }

    [Fact]
    public async Task Over_plain_http_there_is_no_hsts_header()
    {
        var response = await Client("http://storefront.example").GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/cart")]
    [InlineData("/operations/sign-in")]
    public async Task The_pages_need_nothing_the_policy_forbids(string path)
    {
        var html = await Client("http://localhost").GetStringAsync(path, TestContext.Current.CancellationToken);

        // script-src and style-src 'self' without 'unsafe-inline': an inline script, style or handler would be blocked.
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(InlineStyleOrHandler(), html);
        Assert.Contains("<script src=", html, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (replica is not null)
        {
            await replica.DisposeAsync();
        }
    }

    private HttpClient Client(string baseAddress, params (string Key, string Value)[] settings)
    {
        replica = new FrontendReplica(redis.ConnectionString, gateway, settings);
        return replica.CreateClient(new() { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[^>]+\\s(style|on[a-z]+)=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyleOrHandler();
}
