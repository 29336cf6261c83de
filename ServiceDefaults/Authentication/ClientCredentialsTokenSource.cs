using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Client credentials grant against the identity service: the token endpoint is read from the issuer's discovery
/// document once, each scope's token is cached until <see cref="ClientCredentialsOptions.RenewBefore"/> its expiry.
/// Failures surface as <see cref="HttpRequestException"/>, which callers already treat as "the other service is unavailable".
/// </summary>
public sealed class ClientCredentialsTokenSource(HttpClient http, IOptions<ClientCredentialsOptions> options, TimeProvider time) : IAccessTokenSource
{
    public const string HttpClientName = "identity-client-credentials";

    private readonly ConcurrentDictionary<string, CachedToken> tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim fetching = new(1, 1);
    private string? tokenEndpoint;

    public async ValueTask<string> GetTokenAsync(string scope, CancellationToken cancellationToken)
    {
        if (tokens.TryGetValue(scope, out var cached) && cached.RenewAt > time.GetUtcNow())
        {
            return cached.Value;
        }

        // One request at a time: concurrent callers wait for the token the first one fetches instead of each asking.
        await fetching.WaitAsync(cancellationToken);
        try
        {
            if (tokens.TryGetValue(scope, out cached) && cached.RenewAt > time.GetUtcNow())
            {
                return cached.Value;
            }

            var fresh = await RequestAsync(scope, cancellationToken);
            tokens[scope] = fresh;
            return fresh.Value;
        }
        finally
        {
            fetching.Release();
        }
    }

    public void Invalidate(string scope) => tokens.TryRemove(scope, out _);

    private async Task<CachedToken> RequestAsync(string scope, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ClientId) || string.IsNullOrEmpty(settings.ClientSecret))
        {
            throw new HttpRequestException("Identity:ClientId and Identity:ClientSecret are not configured: no service token.");
        }

        tokenEndpoint ??= await DiscoverTokenEndpointAsync(settings, cancellationToken);
        var requestedAt = time.GetUtcNow();
        using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret,
            ["scope"] = scope,
        }), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The body may say why (invalid_client, invalid_scope); it never contains the secret.
            var reason = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"The identity service refused a token for scope '{scope}': {(int)response.StatusCode} {reason}");
        }

        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
        if (token is not { AccessToken.Length: > 0 })
        {
            throw new HttpRequestException("The identity service answered without an access token.");
        }

        var lifetime = TimeSpan.FromSeconds(token.ExpiresIn ?? 300);
        var renewBefore = settings.RenewBefore < lifetime ? settings.RenewBefore : lifetime / 2;
        return new CachedToken(token.AccessToken, requestedAt + lifetime - renewBefore);
    }

    private async Task<string> DiscoverTokenEndpointAsync(ClientCredentialsOptions settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Authority))
        {
            throw new HttpRequestException("Identity:Authority is not configured: no service token.");
        }

        var discovery = new Uri(new Uri(settings.Authority.TrimEnd('/') + "/"), ".well-known/openid-configuration");
        using var document = await http.GetFromJsonAsync<JsonDocument>(discovery, cancellationToken);
        return document?.RootElement.TryGetProperty("token_endpoint", out var endpoint) == true && endpoint.GetString() is { Length: > 0 } url
            ? url
            : throw new HttpRequestException($"The discovery document at {discovery} names no token_endpoint.");
    }

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn);
}
