using System.Net;
using System.Text;

namespace ReferenceApp.Frontend.Tests;

/// <summary>Stands in for the gateway's HTTP answers and records what the frontend sent (headers and body).</summary>
public sealed class StubGateway(Func<HttpRequestMessage, string?, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string? Body)> Received { get; } = [];

    public HttpClient Client() => new(this) { BaseAddress = new Uri("http://gateway") };

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json", string? ordersVersion = "v1")
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };
        if (ordersVersion is not null)
        {
            response.Headers.Add("X-Orders-Version", ordersVersion);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Received)
        {
            Received.Add((request, body));
        }

        return answer(request, body);
    }
}
