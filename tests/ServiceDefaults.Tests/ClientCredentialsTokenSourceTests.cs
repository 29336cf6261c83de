using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ReferenceApp.ServiceDefaults.Tests;

/// <summary>
/// A service's own token (client credentials): asked for once, reused until shortly before it expires, asked for again
/// after a callee refused it. The identity service is played by a real HTTP server counting token requests; time is a fake
/// clock, so the renewal is decided by the clock, not by waiting.
/// </summary>
public sealed class ClientCredentialsTokenSourceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private WebApplication identity = null!;
    private string authority = null!;
    private int tokenRequests;
    private int discoveryRequests;
    private string? lastForm;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        identity = builder.Build();
        identity.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            Interlocked.Increment(ref discoveryRequests);
            return Results.Json(new { issuer = authority, token_endpoint = authority + "connect/token" });
        });
        identity.MapPost("/connect/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            lastForm = string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
            if (form["client_secret"] != "right-secret")
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            var n = Interlocked.Increment(ref tokenRequests);
            return Results.Json(new { access_token = $"token-{n}", token_type = "Bearer", expires_in = 300 });
        });
        await identity.StartAsync();
        authority = identity.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/";
    }

    public async ValueTask DisposeAsync() => await identity.DisposeAsync();

    [Fact]
    public async Task A_token_is_reused_until_a_minute_before_it_expires_then_renewed()
    {
        var source = Source();

        var first = await source.GetTokenAsync("payments.charge", TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(239));
        var stillFirst = await source.GetTokenAsync("payments.charge", TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(2));
        var renewed = await source.GetTokenAsync("payments.charge", TestContext.Current.CancellationToken);

        Assert.Equal(("token-1", "token-1", "token-2"), (first, stillFirst, renewed));
        Assert.Equal((2, 1), (tokenRequests, discoveryRequests));
        Assert.Equal("client_id=orders-service&client_secret=right-secret&grant_type=client_credentials&scope=payments.charge", lastForm);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_request()
    {
        var source = Source();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => source.GetTokenAsync("payments.charge", TestContext.Current.CancellationToken).AsTask()));

        Assert.All(tokens, token => Assert.Equal("token-1", token));
        Assert.Equal(1, tokenRequests);
    }

    [Fact]
    public async Task A_refused_token_is_forgotten_and_the_next_call_asks_again()
    {
        var source = Source();
        await source.GetTokenAsync("payments.charge", TestContext.Current.CancellationToken);

        source.Invalidate("payments.charge");
        var next = await source.GetTokenAsync("payments.charge", TestContext.Current.CancellationToken);

        Assert.Equal("token-2", next);
    }

    [Fact]
    public async Task A_refused_client_is_an_HttpRequestException_which_callers_treat_as_unavailable()
    {
        var source = Source(secret: "wrong-secret");

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => source.GetTokenAsync("payments.charge", TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, tokenRequests);
    }

    private ClientCredentialsTokenSource Source(string secret = "right-secret") => new(
        new HttpClient(),
        Options.Create(new ClientCredentialsOptions { Authority = authority, ClientId = "orders-service", ClientSecret = secret }),
        time);
}
