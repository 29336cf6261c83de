using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReferenceApp.Gateway.Tests.Support;
using ReferenceApp.Testing;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>The gateway admits to orders and payments only what an access token allows, and forwards the token.</summary>
public sealed class AccessTokenTests(RedisFixture redis) : GatewayTestBase(redis)
{
    private const string OrderId = "0f8b2c1e-0000-0000-0000-000000000001";

    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "GET", "/api/orders" },
        { "GET", $"/api/orders/{OrderId}" },
        { "POST", "/api/orders" },
        { "POST", $"/api/orders/{OrderId}/cancel" },
        { "GET", $"/api/payments/{OrderId}" },
        { "GET", $"/api/payments?orderId={OrderId}" },
        { "HEAD", $"/api/payments?orderId={OrderId}" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task An_anonymous_call_is_a_401_problem_and_never_reaches_a_service(string method, string path)
    {
        await using var gateway = await StartGatewayAsync(weight: 50);
        using var client = gateway.Anonymous();

        using var response = await client.SendAsync(Request(method, path), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        if (method != "HEAD")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0, V1.Requests + V2.Requests + Payments.Requests);
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task A_customers_call_is_forwarded_with_its_token(string method, string path)
    {
        await using var gateway = await StartGatewayAsync(weight: 50);
        var token = TestTokens.Customer("customer-1");
        using var client = gateway.Anonymous().WithToken(token);

        using var response = await client.SendAsync(Request(method, path), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, V1.Requests + V2.Requests + Payments.Requests);
        if (method != "HEAD")
        {
            Assert.Equal("Bearer " + token, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("authorization").GetString());
        }
    }

    [Fact]
    public async Task The_catalogue_stays_open_to_anonymous_shoppers()
    {
        await using var gateway = await StartGatewayAsync(weight: 50);
        using var client = gateway.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/api/products")).Status);
    }

    // Cases are named, and their tokens made in the test: theory data is fixed at discovery, which may be another
    // process with another test key.
    [Theory]
    [InlineData("a token with no API scope", "/api/orders")]
    [InlineData("a payments-only token", "/api/orders")]
    [InlineData("the orders service's charging token", "/api/payments?orderId=" + OrderId)]
    [InlineData("a token without a subject", "/api/orders")]
    public async Task A_valid_token_without_the_scope_is_a_403_problem_and_never_reaches_a_service(string caller, string path)
    {
        var token = caller switch
        {
            "a token with no API scope" => TestTokens.Create("customer-1", ["openid", "profile"], ["customer"]),
            "a payments-only token" => TestTokens.Create("customer-1", ["payments"], ["customer"]),
            "the orders service's charging token" => TestTokens.Service("orders-service", "payments.charge"),
            _ => TestTokens.Create(null, ["orders"], ["customer"]),
        };
        await using var gateway = await StartGatewayAsync(weight: 50);
        using var client = gateway.Anonymous().WithToken(token);

        using var response = await client.GetAsync(path, Cancellation);

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{caller}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, V1.Requests + V2.Requests + Payments.Requests);
    }

    [Theory]
    [InlineData("signed by another key")]
    [InlineData("expired")]
    [InlineData("for another audience")]
    [InlineData("from another issuer")]
    [InlineData("not a token at all")]
    public async Task An_invalid_token_is_a_401_problem_saying_so(string why)
    {
        var token = why switch
        {
            "signed by another key" => TestTokens.Create("customer-1", ["orders"], ["customer"], key: TestTokens.ForeignKey),
            "expired" => TestTokens.Create("customer-1", ["orders"], ["customer"], expires: DateTime.UtcNow.AddMinutes(-10)),
            "for another audience" => TestTokens.Create("customer-1", ["orders"], ["customer"], audience: "another-api"),
            "from another issuer" => TestTokens.Create("customer-1", ["orders"], ["customer"], issuer: "https://elsewhere.test/"),
            _ => "not-a-jwt",
        };
        await using var gateway = await StartGatewayAsync(weight: 50);
        using var client = gateway.Anonymous().WithToken(token);

        using var response = await client.GetAsync("/api/orders", Cancellation);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {response.StatusCode}");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, V1.Requests + V2.Requests);
    }

    [Fact]
    public async Task The_admin_key_never_reaches_a_service()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: new Dictionary<string, string?> { ["Gateway:AdminKeyBreakGlass"] = "true" });
        using var client = gateway.BreakGlass().WithToken(TestTokens.Customer("customer-1"));

        var echo = await client.GetFromJsonAsync<JsonElement>("/api/orders", Cancellation);

        Assert.Equal(JsonValueKind.Null, echo.GetProperty("adminKey").ValueKind);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };
}
