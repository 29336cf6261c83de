using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Web;

namespace ReferenceApp.Testing.Identity;

/// <summary>
/// Real tokens from a running identity service, obtained as a browser and a client would: registration through the
/// account form, the authorization code flow with PKCE through the sign-in form (anti-forgery token included), the
/// code redeemed at the token endpoint; and client credentials for services.
/// </summary>
/// <param name="authority">The identity service's base URL (Identity__Authority).</param>
/// <param name="transport">The handler reaching it; default a socket. WebApplicationFactory tests pass its server's handler.</param>
public sealed class IdentityTokens(Uri authority, Func<HttpMessageHandler>? transport = null)
{
    public const string CustomerScopes = "openid profile email roles offline_access orders payments";

    private readonly Uri authority = new(authority.ToString().TrimEnd('/') + "/");

    /// <summary>A new customer account with a unique email; returns its credentials.</summary>
    public async Task<UserCredentials> RegisterCustomerAsync(string? email = null, string? password = null, CancellationToken cancellationToken = default)
    {
        var credentials = new UserCredentials(email ?? $"customer-{Guid.NewGuid():N}@referenceapp.test", password ?? "correct horse battery staple");
        using var browser = NewBrowser();
        var response = await browser.SubmitFormAsync("Account/Register", new Dictionary<string, string>
        {
            ["Email"] = credentials.Email,
            ["Password"] = credentials.Password,
            ["ConfirmPassword"] = credentials.Password,
        }, cancellationToken);
        await ExpectRedirectAsync("Registration", response, cancellationToken);
        return credentials;
    }

    /// <summary>Signs <paramref name="user"/> in through the authorization code + PKCE flow of <paramref name="client"/> and redeems the code.</summary>
    public async Task<TokenSet> SignInAsync(UserCredentials user, IdentityClient client, string scope = CustomerScopes, CancellationToken cancellationToken = default)
    {
        var redirectUri = client.RedirectUri ?? throw new ArgumentException("The client needs a redirect URI for the code flow.", nameof(client));
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var authorize = new Uri(this.authority, "connect/authorize" + QueryString(new Dictionary<string, string>
        {
            ["client_id"] = client.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri.ToString(),
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
            ["code_challenge"] = Base64Url(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        }));

        using var browser = NewBrowser();
        // Not signed in yet: the provider sends the browser to its sign-in page, which returns to the same request.
        var toSignIn = await ExpectRedirectAsync("Authorization request", await browser.Http.GetAsync(authorize, cancellationToken), cancellationToken);
        var signedIn = await browser.SubmitFormAsync(toSignIn, new Dictionary<string, string>
        {
            ["Email"] = user.Email,
            ["Password"] = user.Password,
            ["ReturnUrl"] = HttpUtility.ParseQueryString(toSignIn.Query)["ReturnUrl"] ?? "",
        }, cancellationToken);
        var backToAuthorize = await ExpectRedirectAsync("Sign-in", signedIn, cancellationToken);
        var toClient = await ExpectRedirectAsync("Authorization after sign-in", await browser.Http.GetAsync(backToAuthorize, cancellationToken), cancellationToken);

        var answer = HttpUtility.ParseQueryString(toClient.Query);
        if (!toClient.GetLeftPart(UriPartial.Path).Equals(redirectUri.GetLeftPart(UriPartial.Path), StringComparison.Ordinal) || answer["code"] is not { } code)
        {
            throw new IdentityFlowException($"Authorization answered {toClient} instead of a code", HttpStatusCode.Redirect, answer["error_description"] ?? "");
        }

        if (answer["state"] != state)
        {
            throw new IdentityFlowException("Authorization returned another state", HttpStatusCode.Redirect, toClient.ToString());
        }

        return await RequestTokenAsync(browser.Http, client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["code_verifier"] = verifier,
        }, cancellationToken);
    }

    /// <summary>A service's own token (client credentials).</summary>
    public async Task<TokenSet> ClientCredentialsAsync(IdentityClient client, string scope, CancellationToken cancellationToken = default)
    {
        using var browser = NewBrowser();
        return await RequestTokenAsync(browser.Http, client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
        }, cancellationToken);
    }

    private async Task<TokenSet> RequestTokenAsync(HttpClient http, IdentityClient client, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        form["client_id"] = client.ClientId;
        form["client_secret"] = client.ClientSecret;
        using var response = await http.PostAsync(new Uri(this.authority, "connect/token"), new FormUrlEncodedContent(form), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new IdentityFlowException("Token request", response.StatusCode, body);
        }

        var json = JsonDocument.Parse(body).RootElement;
        return new TokenSet(
            json.GetProperty("access_token").GetString()!,
            json.TryGetProperty("id_token", out var id) ? id.GetString() : null,
            json.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null);
    }

    /// <summary>The Location of a redirect, made absolute; anything but a redirect is an <see cref="IdentityFlowException"/>.</summary>
    public async Task<Uri> ExpectRedirectAsync(string step, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.RedirectKeepVerb)
                || response.Headers.Location is not { } location)
            {
                throw new IdentityFlowException(step, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            }

            return location.IsAbsoluteUri ? location : new Uri(authority, location);
        }
    }

    /// <summary>A fresh browser (no cookies) at the identity service.</summary>
    public IdentityBrowser NewBrowser() => new(authority, transport?.Invoke());

    private static string QueryString(Dictionary<string, string> parameters) =>
        "?" + string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
