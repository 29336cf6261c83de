using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ReferenceApp.Testing;

namespace ReferenceApp.TrafficGenerator.Tests;

/// <summary>
/// A real HTTP server standing in for the gateway: gives every client without a cookie its own "canary-version" cookie
/// (alternating v1/v2) and records what each customer sent, so a test sees whether shoppers keep their own cookies.
/// </summary>
public sealed class FakeGateway : IAsyncDisposable
{
    private readonly WebApplication app;
    private int cookiesHandedOut;

    private FakeGateway(WebApplication app, int port)
    {
        this.app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    /// <summary>Per customer id: the cookie header of each request, in order ("" when none was sent).</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> CookiesByCustomer { get; } = new();

    public ConcurrentQueue<(string? IdempotencyKey, string Body)> Orders { get; } = new();

    /// <summary>The Authorization header of each order, in order ("" when none was sent).</summary>
    public ConcurrentQueue<string> OrderAuthorizations { get; } = new();

    public static async Task<FakeGateway> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeGateway(app, port);
        app.MapGet("/api/products", (Func<HttpContext, IResult>)gateway.Products);
        app.MapPost("/api/orders", (Func<HttpContext, Task<IResult>>)gateway.PlaceOrderAsync);
        await app.StartAsync();
        return gateway;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private IResult Products(HttpContext context)
    {
        var customer = context.Request.Headers["X-Customer-Id"].ToString();
        var cookie = context.Request.Headers.Cookie.ToString();
        CookiesByCustomer.GetOrAdd(customer, _ => new ConcurrentQueue<string>()).Enqueue(cookie);
        if (cookie.Length == 0)
        {
            var version = Interlocked.Increment(ref cookiesHandedOut) % 2 == 0 ? "v2" : "v1";
            context.Response.Headers.SetCookie = $"canary-version={version}; path=/; httponly";
        }

        return Results.Json(new[] { new { id = "coffee-beans-1kg", name = "Coffee Beans", price = 24.90m, currency = "EUR" } });
    }

    private async Task<IResult> PlaceOrderAsync(HttpContext context)
    {
        OrderAuthorizations.Enqueue(context.Request.Headers.Authorization.ToString());
        using var reader = new StreamReader(context.Request.Body);
        Orders.Enqueue((context.Request.Headers["Idempotency-Key"].ToString(), await reader.ReadToEndAsync(context.RequestAborted)));
        return Results.Created("/api/orders/1", new { id = "1" });
    }
}
