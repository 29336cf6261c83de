using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Gateway.Tests.Support;
using ReferenceApp.Testing;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>The admin API with the canary state in redis-server.</summary>
public sealed class CanaryAdminApiTests(RedisFixture redis) : CanaryAdminApiContract(redis);

/// <summary>The same admin API with the canary state in Garnet: stored state and pub/sub between replicas as on Redis.</summary>
public sealed class CanaryAdminApiOnGarnetTests(GarnetFixture garnet) : CanaryAdminApiContract(garnet);

public abstract class CanaryAdminApiContract(CacheFixture redis) : GatewayTestBase(redis)
{
    // Cases are named, and their tokens made in the test: theory data is fixed at discovery, which may be another
    // process with another test key.
    [Theory]
    [InlineData("anonymous")]
    [InlineData("the admin key while break-glass is off")]
    [InlineData("a token signed by another key")]
    [InlineData("an expired operator token")]
    [InlineData("an operator token for another audience")]
    public async Task Without_an_operator_every_admin_call_is_a_401_problem_and_changes_nothing(string caller)
    {
        var key = caller == "the admin key while break-glass is off" ? GatewayUnderTest.AdminKey : null;
        var token = caller switch
        {
            "a token signed by another key" => TestTokens.Create("operator-1", [], ["operator"], key: TestTokens.ForeignKey),
            "an expired operator token" => TestTokens.Create("operator-1", [], ["operator"], expires: DateTime.UtcNow.AddMinutes(-10)),
            "an operator token for another audience" => TestTokens.Create("operator-1", [], ["operator"], audience: "another-api"),
            _ => null,
        };
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var client = key is null ? gateway.Anonymous() : gateway.BreakGlass(key);
        if (token is not null)
        {
            client.WithToken(token);
        }

        foreach (var response in await CallEveryAdminEndpointAsync(client))
        {
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, caller);
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(10, (await gateway.CanaryAsync(Cancellation)).GetProperty("weights").GetProperty("v2").GetInt32());
    }

    [Fact]
    public async Task A_customer_is_refused_every_admin_call_with_a_403_problem()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var customer = gateway.Customer("customer-7");

        foreach (var response in await CallEveryAdminEndpointAsync(customer))
        {
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "a customer");
        }

        Assert.Equal(10, (await gateway.CanaryAsync(Cancellation)).GetProperty("weights").GetProperty("v2").GetInt32());
    }

    [Fact]
    public async Task With_break_glass_on_only_the_right_key_is_let_in()
    {
        await using var gateway = await StartGatewayAsync(weight: 10, extra: new Dictionary<string, string?> { ["Gateway:AdminKeyBreakGlass"] = "true" });
        using var wrong = gateway.BreakGlass("wrong-key-wrong-key-wrong");
        using var right = gateway.BreakGlass();

        await AssertProblemAsync(await PutWeightAsync(wrong, new { v2 = 30 }), HttpStatusCode.Unauthorized, "a wrong key");
        var accepted = await PutWeightAsync(right, new { v2 = 30 });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(30, (await gateway.CanaryAsync(Cancellation)).GetProperty("weights").GetProperty("v2").GetInt32());
    }

    private async Task<HttpResponseMessage[]> CallEveryAdminEndpointAsync(HttpClient client) =>
    [
        await client.GetAsync("/admin/canary", Cancellation),
        await PutWeightAsync(client, new { v2 = 100 }),
        await client.PostAsync("/admin/canary/rollback", null, Cancellation),
        await client.PostAsync("/admin/canary/promote", null, Cancellation),
    ];

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string caller)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(status == response.StatusCode, $"{caller}: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_document_has_the_contracted_shape()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var client = gateway.Anonymous();
        await SendAsync(client, cookie: "v1");
        await SendAsync(client, cookie: "v2");

        var document = await gateway.CanaryAsync(Cancellation);

        Assert.Equal("Progressing", document.GetProperty("state").GetString());
        Assert.Equal(90, document.GetProperty("weights").GetProperty("v1").GetInt32());
        Assert.Equal(10, document.GetProperty("weights").GetProperty("v2").GetInt32());
        Assert.True(document.GetProperty("updatedAt").TryGetDateTimeOffset(out _));
        Assert.False(string.IsNullOrEmpty(document.GetProperty("reason").GetString()));
        foreach (var version in new[] { "v1", "v2" })
        {
            var measures = document.GetProperty("versions").GetProperty(version);
            Assert.Equal(1, measures.GetProperty("requests").GetInt32());
            Assert.Equal(0, measures.GetProperty("errors").GetInt32());
            Assert.Equal(0.0, measures.GetProperty("errorRate").GetDouble());
            Assert.True(measures.GetProperty("p50Ms").GetDouble() > 0);
            Assert.True(measures.GetProperty("p99Ms").GetDouble() > 0);
        }

        Assert.Equal(60, document.GetProperty("window").GetProperty("seconds").GetInt32());
        Assert.Equal(50, document.GetProperty("window").GetProperty("minimumRequests").GetInt32());
    }

    [Fact]
    public async Task A_weight_change_takes_effect_without_a_restart()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var client = gateway.Anonymous();
        using var admin = gateway.Admin();

        var response = await PutWeightAsync(admin, new { v2 = 100 });
        var document = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Promoted", 0, 100), (document.GetProperty("state").GetString(),
            document.GetProperty("weights").GetProperty("v1").GetInt32(), document.GetProperty("weights").GetProperty("v2").GetInt32()));
        Assert.All(await SendFromDistinctClientsAsync(client, 100), answer => Assert.Equal("v2", answer.Version));

        Assert.Equal(HttpStatusCode.OK, (await PutWeightAsync(admin, new { v2 = 0 })).StatusCode);
        Assert.All(await SendFromDistinctClientsAsync(client, 100), answer => Assert.Equal("v1", answer.Version));
        Assert.Equal("Stable", (await gateway.CanaryAsync(Cancellation)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Rollback_and_promote_answer_the_document()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var admin = gateway.Admin();

        var rolledBack = await (await admin.PostAsync("/admin/canary/rollback", null, Cancellation)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var promoted = await (await admin.PostAsync("/admin/canary/promote", null, Cancellation)).Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(("RolledBack", 0), (rolledBack.GetProperty("state").GetString(), rolledBack.GetProperty("weights").GetProperty("v2").GetInt32()));
        Assert.Equal(("Promoted", 100), (promoted.GetProperty("state").GetString(), promoted.GetProperty("weights").GetProperty("v2").GetInt32()));
    }

    [Theory]
    [InlineData("{ \"v2\": 101 }")]
    [InlineData("{ \"v2\": -1 }")]
    [InlineData("{ \"v2\": 2.5 }")]
    [InlineData("{ \"v2\": \"25\" }")]
    [InlineData("{ }")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Bad_weights_get_a_problem_naming_the_field(string body)
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        using var admin = gateway.Admin();

        using var response = await admin.PutAsync("/admin/canary/weight", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("v2", out _));
        Assert.Equal(10, (await gateway.CanaryAsync(Cancellation)).GetProperty("weights").GetProperty("v2").GetInt32());
    }

    [Fact]
    public async Task A_change_on_one_replica_reaches_the_other_through_redis()
    {
        await using var first = await StartGatewayAsync(weight: 10);
        await using var second = await StartGatewayAsync(weight: 10, stateKey: first.StateKey);
        using var admin = first.Admin();
        using var client = second.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await PutWeightAsync(admin, new { v2 = 100 })).StatusCode);

        await GatewayUnderTest.WaitForAsync(
            async () => (await second.CanaryAsync(Cancellation)).GetProperty("weights").GetProperty("v2").GetInt32() == 100, Cancellation);
        Assert.All(await SendFromDistinctClientsAsync(client, 50), answer => Assert.Equal("v2", answer.Version));
    }

    [Fact]
    public async Task A_reloaded_configured_weight_takes_effect_without_a_restart()
    {
        await using var gateway = await StartGatewayAsync(weight: 10);
        var configuration = (IConfigurationRoot)gateway.Services.GetRequiredService<IConfiguration>();

        configuration["Canary:Weight"] = "100";
        configuration.Reload();

        await GatewayUnderTest.WaitForAsync(
            async () => (await gateway.CanaryAsync(Cancellation)).GetProperty("weights").GetProperty("v2").GetInt32() == 100, Cancellation);
        using var client = gateway.Anonymous();
        Assert.All(await SendFromDistinctClientsAsync(client, 50), answer => Assert.Equal("v2", answer.Version));
    }
}
