using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace ReferenceApp.Frontend.Tests;

/// <summary>
/// The whole frontend in memory (real Redis, stubbed gateway): anti-forgery, the customer cookie, and two replicas that
/// share carts and anti-forgery keys through Redis, as behind a load balancer without sticky sessions.
/// </summary>
public sealed class ReplicaTests(RedisFixture redis) : ReplicaContract(redis);

/// <summary>The same replicas sharing carts and data-protection keys through Garnet.</summary>
public sealed class ReplicaOnGarnetTests(GarnetFixture garnet) : ReplicaContract(garnet);

/// <summary>What two replicas share through the cache, whichever Redis-compatible server it is.</summary>
public abstract partial class ReplicaContract(CacheFixture redis) : IAsyncDisposable
{
    private const string Products = """
        [{"id":"coffee-beans-1kg","name":"Single-Origin Coffee Beans 1 kg","price":24.90,"currency":"EUR"},
         {"id":"espresso-machine","name":"Barista Pro Espresso Machine","price":349.00,"currency":"EUR"}]
        """;

    private readonly StubGateway gateway = new((request, _) => request.RequestUri!.AbsolutePath == "/api/products"
        ? StubGateway.Json(HttpStatusCode.OK, Products)
        : new HttpResponseMessage(HttpStatusCode.NotFound));

    private readonly List<IAsyncDisposable> replicas = [];

    [Fact]
    public async Task A_form_rendered_by_one_replica_is_accepted_by_another_and_both_see_the_same_cart()
    {
        var cookies = new CookieContainer();
        using var first = Client(Replica(), cookies);
        using var second = Client(Replica(), cookies);

        var catalogue = await first.GetStringAsync("/");
        var added = await second.PostAsync("/", Form(catalogue, "add-to-cart", ("ProductId", "espresso-machine")));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var cart = await first.GetStringAsync("/cart");
        Assert.Contains("Barista Pro Espresso Machine", cart, StringComparison.Ordinal);
        Assert.Contains("349.00 EUR", cart, StringComparison.Ordinal);
        // The anti-forgery keys both replicas use are in Redis, not in a replica's own file system.
        Assert.True(await redis.Connection.GetDatabase().ListLengthAsync(ApplicationServicesExtensions.DataProtectionKeysRedisKey) > 0);
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused_and_changes_nothing()
    {
        var cookies = new CookieContainer();
        using var client = Client(Replica(), cookies);
        await client.GetStringAsync("/");

        var response = await client.PostAsync("/", new FormUrlEncodedContent(
            [new("_handler", "add-to-cart"), new("ProductId", "espresso-machine")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Barista Pro Espresso Machine", await client.GetStringAsync("/cart"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visitor_gets_an_anonymous_customer_cookie_and_probes_do_not()
    {
        using var client = Client(Replica(), new CookieContainer());

        var page = await client.GetAsync("/");
        var probe = await client.GetAsync("/health");

        Assert.Contains(page.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("customer=", StringComparison.Ordinal) && cookie.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
        Assert.False(probe.Headers.TryGetValues("Set-Cookie", out var probeCookies) && probeCookies.Any(cookie => cookie.StartsWith("customer=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task When_the_gateway_is_down_the_page_says_so_instead_of_failing()
    {
        var down = new StubGateway((_, _) => throw new HttpRequestException("Connection refused"));
        using var client = Client(Replica(down), new CookieContainer());

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The orders service is not answering right now.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_key_never_reaches_the_browser()
    {
        var admin = new StubGateway((_, _) => StubGateway.Json(HttpStatusCode.OK,
            """{"state":"Stable","weights":{"v1":100,"v2":0},"versions":{"v1":{"requests":1,"errors":0,"errorRate":0,"p50Ms":1,"p99Ms":1},"v2":null}}"""));
        using var client = Client(Replica(admin), new CookieContainer());
        var signIn = await client.GetStringAsync(OperatorSignInPath);
        await SignInAsync(client, AdminKey);

        var response = await client.GetAsync("/operations");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("test-admin-key", Assert.Single(Assert.Single(admin.Received).Request.Headers.GetValues("X-Admin-Key")));
        Assert.Contains("data-testid=\"canary-chart\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("test-admin-key", html, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers, header => header.Value.Any(value => value.Contains("test-admin-key", StringComparison.Ordinal)));
        Assert.DoesNotContain("test-admin-key", signIn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operations_page_without_sign_in_redirects_to_the_sign_in_page_and_does_not_call_the_gateway()
    {
        var admin = CanaryGateway();
        using var client = Client(Replica(admin), new CookieContainer());

        var response = await client.GetAsync("/operations");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(OperatorSignInPath + "?returnUrl=%2Foperations", response.Headers.Location!.PathAndQuery);
        Assert.Empty(admin.Received);
        var signIn = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("<label for=\"operator-key\">Operator key</label>", signIn, StringComparison.Ordinal);
        Assert.Contains("type=\"password\"", signIn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_operator_key_is_refused_with_a_clear_message_and_signs_nobody_in()
    {
        var admin = CanaryGateway();
        using var client = Client(Replica(admin), new CookieContainer());
        var page = await client.GetStringAsync(OperatorSignInPath);

        var response = await client.PostAsync(OperatorSignInPath, Form(page, "operator-sign-in", ("Input.Key", "wrong-key-guess")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("That is not the operator key.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key-guess", html, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(cookie => cookie.StartsWith("operator=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/operations")).StatusCode);
        Assert.Empty(admin.Received);
    }

    [Fact]
    public async Task The_right_operator_key_signs_in_with_a_strict_cookie_and_only_returns_to_a_local_page()
    {
        var admin = CanaryGateway();
        using var client = Client(Replica(admin), new CookieContainer());
        var page = await client.GetStringAsync(OperatorSignInPath);

        var response = await client.PostAsync(OperatorSignInPath + "?returnUrl=https%3A%2F%2Fevil.example%2F",
            Form(page, "operator-sign-in", ("Input.Key", AdminKey)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/operations", response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), value => value.StartsWith("operator=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/operations", cookie, StringComparison.OrdinalIgnoreCase);
        var operations = await client.GetAsync("/operations");
        Assert.Equal(HttpStatusCode.OK, operations.StatusCode);
        Assert.Contains("data-testid=\"canary-chart\"", await operations.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weight_change_without_the_operator_cookie_is_refused_and_never_reaches_the_gateway()
    {
        var admin = CanaryGateway();
        using var client = Client(Replica(admin), new CookieContainer());
        var page = await client.GetStringAsync(OperatorSignInPath);

        var response = await client.PostAsync("/operations", Form(page, "canary", ("Change.Action", "weight"), ("Change.V2Weight", "50")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OperatorSignInPath, response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Empty(admin.Received);
    }

    [Fact]
    public async Task Signing_out_ends_the_operator_session()
    {
        var admin = CanaryGateway();
        using var client = Client(Replica(admin), new CookieContainer());
        await SignInAsync(client, AdminKey);
        var operations = await client.GetStringAsync("/operations");

        var response = await client.PostAsync("/operations/sign-out", Form(operations, null));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/operations")).StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    private const string AdminKey = "test-admin-key";
    private const string OperatorSignInPath = "/operations/sign-in";

    private static StubGateway CanaryGateway() => new((_, _) => StubGateway.Json(HttpStatusCode.OK,
        """{"state":"Stable","weights":{"v1":100,"v2":0},"versions":{"v1":{"requests":1,"errors":0,"errorRate":0,"p50Ms":1,"p99Ms":1},"v2":null}}"""));

    /// <summary>Signs the client's cookie container in as the operator, as a person does on the sign-in page.</summary>
    private static async Task SignInAsync(HttpClient client, string key)
    {
        var page = await client.GetStringAsync(OperatorSignInPath);
        var response = await client.PostAsync(OperatorSignInPath, Form(page, "operator-sign-in", ("Input.Key", key)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private FrontendReplica Replica(StubGateway? answering = null)
    {
        var replica = new FrontendReplica(redis.ConnectionString, answering ?? gateway);
        replicas.Add(replica);
        return replica;
    }

    private static HttpClient Client(FrontendReplica replica, CookieContainer cookies)
    {
        var client = replica.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        return client;
    }

    /// <summary>The named form's post, with the anti-forgery token the page rendered.</summary>
    private static FormUrlEncodedContent Form(string page, string? handler, params (string Name, string Value)[] fields)
    {
        var token = AntiforgeryField().Match(page).Groups["token"].Value;
        Assert.NotEmpty(token);
        return new FormUrlEncodedContent(
            new[] { ("_handler", handler), ("__RequestVerificationToken", token) }.Where(field => field.Item2 is not null).Select(field => (field.Item1, field.Item2!)).Concat(fields)
                .Select(field => new KeyValuePair<string, string>(field.Item1, field.Item2)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
