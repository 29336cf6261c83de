using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;

namespace ReferenceApp.Testing;

/// <summary>
/// A real OTLP/HTTP (protobuf) endpoint for tests: services export to it exactly as they would to a collector.
/// It keeps every payload, decodes spans, and answers 200 to traces, metrics and logs alike.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> spans = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> payloads = new();
    private readonly Task serving;

    private OtlpReceiver(int port)
    {
        Port = port;
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT (with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyCollection<ReceivedSpan> Spans => spans.ToArray();

    /// <summary>Every payload received so far, by path (/v1/traces, /v1/logs, /v1/metrics).</summary>
    public IReadOnlyCollection<(string Path, byte[] Body)> Payloads => payloads.ToArray();

    public static OtlpReceiver Start() => new(FreePort.Next());

    /// <summary>
    /// Waits until the spans satisfy <paramref name="condition"/>; exporters batch, so spans arrive a second or more late.
    /// Throws <see cref="TimeoutException"/> when they still do not after <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyCollection<ReceivedSpan>> WaitForSpansAsync(
        Func<IReadOnlyCollection<ReceivedSpan>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Spans))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The {Spans.Count} spans received within {timeout.TotalSeconds:0} s do not satisfy the condition.");
            }

            await Task.Delay(200);
        }

        return Spans;
    }

    /// <summary>
    /// Waits until a payload received on <paramref name="path"/> (e.g. /v1/logs) contains <paramref name="text"/> as UTF-8,
    /// as an exported log line that names an order does. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForPayloadContainingAsync(string path, string text, TimeSpan timeout)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var deadline = DateTime.UtcNow + timeout;
        while (!Payloads.Any(p => p.Path == path && p.Body.AsSpan().IndexOf(bytes) >= 0))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"None of the {Payloads.Count(p => p.Path == path)} payloads received on {path} within {timeout.TotalSeconds:0} s contains '{text}'.");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await serving;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            var input = context.Request.Headers["Content-Encoding"] == "gzip"
                ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress)
                : context.Request.InputStream;
            await input.CopyToAsync(body);
            var bytes = body.ToArray();
            var path = context.Request.Url?.AbsolutePath ?? "/";
            payloads.Enqueue((path, bytes));
            if (path.EndsWith("/v1/traces", StringComparison.Ordinal))
            {
                foreach (var span in OtlpTraceDecoder.Decode(bytes))
                {
                    spans.Enqueue(span);
                }
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
