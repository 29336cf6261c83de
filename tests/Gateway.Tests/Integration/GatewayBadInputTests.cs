using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>Input the gateway must not turn into a 5xx: odd header values, oversized admin bodies, HEAD on payments reads.</summary>
public sealed class GatewayBadInputTests(RedisFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task A_non_ascii_header_value_on_a_read_is_passed_through()
    {
        await using var gateway = await StartGatewayAsync(weight: 0);
        using var client = gateway.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products");
        Assert.True(request.Headers.TryAddWithoutValidation("X-Note", "café"));

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("café", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_non_ascii_idempotency_key_reaches_orders_which_judges_it()
    {
        await using var gateway = await StartGatewayAsync(weight: 0);
        using var client = gateway.Customer();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", "kéy"));

        using var response = await client.SendAsync(request, Cancellation);

        Assert.True((int)response.StatusCode < 500, $"{response.StatusCode}");
        Assert.Equal("kéy", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("idempotencyKey").GetString());
        Assert.Equal(0, (await gateway.CanaryAsync(Cancellation)).GetProperty("versions").GetProperty("v1").GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task An_admin_body_over_64_KiB_is_a_413_problem_and_changes_nothing()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var admin = gateway.Admin();
        var huge = Encoding.UTF8.GetBytes("{\"v2\":50,\"pad\":\"" + new string('x', 10 * 1024 * 1024) + "\"}");
        using var content = new ByteArrayContent(huge);
        content.Headers.ContentType = new("application/json");

        using var response = await admin.PutAsync("/admin/canary/weight", content, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(10, (await gateway.CanaryAsync(Cancellation)).GetProperty("weights").GetProperty("v2").GetInt32());
    }

    [Fact]
    public async Task Head_on_payments_reads_is_routed()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var client = gateway.Customer();

        var head = await SendAsync(client, "/api/payments?orderId=0f8b2c1e-0000-0000-0000-000000000001", method: HttpMethod.Head);

        Assert.Equal((HttpStatusCode.OK, "payments"), (head.Status, head.Version));
    }
}
