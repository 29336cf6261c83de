using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// Sends the signed-in customer's access token (saved in their session cookie at sign-in) with every gateway call.
/// The storefront renders on the server per request (static server rendering, no circuits), so the current request's
/// HttpContext is the customer's. Anonymous visitors' calls (the catalogue) go without a token.
/// </summary>
public sealed class GatewayTokenHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null
            && httpContextAccessor.HttpContext is { User.Identity.IsAuthenticated: true } context
            && await context.GetTokenAsync("access_token") is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
