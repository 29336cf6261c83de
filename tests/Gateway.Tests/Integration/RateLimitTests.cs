using System.Net;
using System.Text;
using System.Text.Json;
using ReferenceApp.Gateway.Tests.Support;
using ReferenceApp.Testing;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>
/// Throttling (Gateway:RateLimits): a policy per kind of call, a bucket per user or, anonymously, per address. Windows
/// are an hour long so no bucket refills during a test: the counts decide, never the clock.
/// </summary>
public sealed class RateLimitTests(RedisFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task A_burst_of_order_placements_is_cut_at_the_limit_with_a_429_problem_and_Retry_After()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: Limits(orderPlacement: 3));
        using var customer = gateway.Customer("customer-a");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await customer.SendAsync(PlaceOrder(), Cancellation);
            statuses.Add(response.StatusCode);
            rejected ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, V1.Requests + V2.Requests);
        Assert.NotNull(rejected);
        Assert.True(rejected.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {rejected.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, JsonDocument.Parse(await rejected.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task One_customers_burst_leaves_another_customer_and_the_same_customers_reads_alone()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: Limits(orderPlacement: 2));
        using var a = gateway.Customer("customer-a");
        using var b = gateway.Customer("customer-b");
        for (var i = 0; i < 3; i++)
        {
            (await a.SendAsync(PlaceOrder(), Cancellation)).Dispose();
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await a.SendAsync(PlaceOrder(), Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(PlaceOrder(), Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/orders", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_reads_share_their_addresss_bucket_while_a_signed_in_customer_has_its_own()
    {
        await using var gateway = await StartGatewayAsync(weight: 50, extra: Limits(reads: 4));
        using var anonymous = gateway.Anonymous();
        using var otherAnonymous = gateway.Anonymous();
        using var customer = gateway.Customer("customer-a");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(i % 2 == 0 ? anonymous : otherAnonymous)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(anonymous)).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(otherAnonymous)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(customer)).Status);
    }

    [Fact]
    public async Task Guessing_at_the_admin_api_is_throttled_before_any_guess_is_judged()
    {
        await using var gateway = await StartGatewayAsync(weight: 10, extra: new Dictionary<string, string?>(Limits(admin: 3))
        {
            ["Gateway:AdminKeyBreakGlass"] = "true",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var guesser = gateway.BreakGlass($"guess-{i:D2}-0123456789abcdef");
            statuses.Add((await guesser.GetAsync("/admin/canary", Cancellation)).StatusCode);
        }

        using var rightKeyTooLate = gateway.BreakGlass();
        var late = await rightKeyTooLate.GetAsync("/admin/canary", Cancellation);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, late.StatusCode);
        Assert.True(late.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 });
    }

    private static Dictionary<string, string?> Limits(int? orderPlacement = null, int? reads = null, int? admin = null)
    {
        var limits = new Dictionary<string, string?>();
        foreach (var (policy, limit) in new[] { ("OrderPlacement", orderPlacement), ("Reads", reads), ("Admin", admin) })
        {
            if (limit is { } permits)
            {
                limits[$"Gateway:RateLimits:{policy}:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
                limits[$"Gateway:RateLimits:{policy}:Window"] = "01:00:00";
            }
        }

        return limits;
    }

    private static HttpRequestMessage PlaceOrder()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }
}
