using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ReferenceApp.Testing;

namespace ReferenceApp.Gateway.Tests.Support;

/// <summary>
/// A tiny real HTTP server on a free loopback port playing one orders version (or payments): every answer carries
/// X-Orders-Version and echoes what the gateway forwarded (method, path, the X-Note, Idempotency-Key, Authorization and X-Admin-Key headers, the body).
/// Faults are deterministic: with FailEvery = 5, every fifth /api request is a 503. Like the real services, its health
/// endpoints (/alive, /health) are never faulty and are not counted as requests.
/// </summary>
public sealed class VersionServer : IAsyncDisposable
{
    public const string VersionHeader = "X-Orders-Version";

    private readonly WebApplication app;
    private int requests;
    private int arrivals;
    private bool stopped;

    private VersionServer(WebApplication app, string version, int port)
    {
        this.app = app;
        Version = version;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Version { get; }

    public string Url { get; }

    /// <summary>0: never fail; n: every n-th /api request is answered 503.</summary>
    public int FailEvery { get; set; }

    /// <summary>Added to every /api answer, to play a slow release.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Accepts /api requests but never answers them: a hung instance.</summary>
    public bool Hang { get; set; }

    /// <summary>0: never; n: every n-th /api request is accepted and never answered (a live instance missing deadlines).</summary>
    public int HangEvery { get; set; }

    /// <summary>Served at /openapi/v1.json when set, as the real services publish their documents; else that path is an /api-like echo.</summary>
    public string? OpenApiDocument { get; set; }

    /// <summary>/api requests received (health probes are not counted).</summary>
    public int Requests => Volatile.Read(ref requests);

    public static async Task<VersionServer> StartAsync(string version)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new VersionServer(app, version, port);
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        return server;
    }

    /// <summary>Stops listening, so connections are refused: the version is "down".</summary>
    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/alive") || context.Request.Path.StartsWithSegments("/health"))
        {
            await context.Response.WriteAsync("Healthy");
            return;
        }

        if (OpenApiDocument is { } document && context.Request.Path == "/openapi/v1.json")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(document);
            return;
        }

        var arrived = Interlocked.Increment(ref arrivals);
        if (Hang || (HangEvery > 0 && arrived % HangEvery == 0))
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        var count = Interlocked.Increment(ref requests);
        context.Response.Headers[VersionHeader] = Version;
        var failEvery = FailEvery;
        if (failEvery > 0 && count % failEvery == 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        await context.Response.WriteAsJsonAsync(new
        {
            version = Version,
            method = context.Request.Method,
            path = context.Request.Path.Value,
            note = (string?)context.Request.Headers["X-Note"],
            idempotencyKey = (string?)context.Request.Headers["Idempotency-Key"],
            authorization = (string?)context.Request.Headers.Authorization,
            adminKey = (string?)context.Request.Headers["X-Admin-Key"],
            body,
        });
    }
}
