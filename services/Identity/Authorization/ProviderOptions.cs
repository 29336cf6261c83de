namespace ReferenceApp.Identity.Authorization;

/// <summary>The provider's settings (section Identity); the clients' secrets come from the AppHost parameters or a Secret.</summary>
public sealed class ProviderOptions
{
    public const string Section = "Identity";

    /// <summary>The audience (OpenIddict resource) of API access tokens; resource servers expect the same value.</summary>
    public string Audience { get; set; } = ApiScopes.DefaultAudience;

    /// <summary>
    /// The issuer, when it is not the URL the request came in on (e.g. the public https URL behind an ingress).
    /// Empty: the request's own base URL, which is what the AppHost passes to everyone as Identity__Authority.
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>The storefront: confidential, authorization code + PKCE. Seeded only when its secret and URL are set.</summary>
    public ClientSettings Storefront { get; set; } = new();

    /// <summary>Orders calling payments on its own behalf: client credentials, scope payments.charge.</summary>
    public ClientSettings OrdersService { get; set; } = new();

    /// <summary>The traffic generator placing orders as itself: client credentials, scope orders.</summary>
    public ClientSettings TrafficGenerator { get; set; } = new();
}

public sealed class ClientSettings
{
    public string? Secret { get; set; }

    /// <summary>Browser clients only: base URLs (comma-separated) of the client; its redirect paths are appended.</summary>
    public string? Urls { get; set; }

    public IEnumerable<Uri> BaseUrls() =>
        (Urls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => new Uri(url.TrimEnd('/') + "/"));
}
