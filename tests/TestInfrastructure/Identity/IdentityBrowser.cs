using System.Net;
using System.Text.RegularExpressions;

namespace ReferenceApp.Testing.Identity;

/// <summary>
/// One browser at the identity service: its own cookies, no automatic redirects, and forms submitted the way a
/// browser submits them (the page is fetched first for its anti-forgery token).
/// </summary>
public sealed partial class IdentityBrowser : IDisposable
{
    public IdentityBrowser(Uri authority, HttpMessageHandler? transport = null)
    {
        Http = new HttpClient(new CookieJarHandler(transport ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }))
        {
            BaseAddress = new Uri(authority.ToString().TrimEnd('/') + "/"),
        };
    }

    public HttpClient Http { get; }

    /// <summary>GETs the form page (for its anti-forgery token and cookie), then POSTs <paramref name="fields"/> to the same URL.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string page, IDictionary<string, string> fields, CancellationToken cancellationToken = default) =>
        await SubmitFormAsync(new Uri(Http.BaseAddress!, page), fields, cancellationToken);

    public async Task<HttpResponseMessage> SubmitFormAsync(Uri page, IDictionary<string, string> fields, CancellationToken cancellationToken = default)
    {
        using var form = await Http.GetAsync(page, cancellationToken);
        var html = await form.Content.ReadAsStringAsync(cancellationToken);
        if (form.StatusCode != HttpStatusCode.OK || AntiforgeryField().Match(html) is not { Success: true } token)
        {
            throw new IdentityFlowException($"Form {page}", form.StatusCode, html);
        }

        var posted = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await Http.PostAsync(page, new FormUrlEncodedContent(posted), cancellationToken);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
