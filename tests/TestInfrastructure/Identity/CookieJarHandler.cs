using System.Net;

namespace ReferenceApp.Testing.Identity;

/// <summary>
/// Keeps cookies between requests like a browser, over any inner handler (a socket, or WebApplicationFactory's
/// in-memory server, which keeps none). Redirects are not followed: the tests look at each hop.
/// </summary>
internal sealed class CookieJarHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly CookieContainer cookies = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var header = cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Remove("Cookie");
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                cookies.SetCookies(uri, setCookie);
            }
        }

        return response;
    }
}
