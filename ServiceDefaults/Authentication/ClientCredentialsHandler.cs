using System.Net;
using System.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds this service's own access token (for one scope) to every request of an HttpClient.</summary>
public sealed class ClientCredentialsHandler(IAccessTokenSource tokens, string scope) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(scope, cancellationToken));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Revoked, or the issuer's keys rolled: the next call fetches a new token. This one is not retried here;
            // the callers (outbox, traffic loop) have their own retry.
            tokens.Invalidate(scope);
        }

        return response;
    }
}
