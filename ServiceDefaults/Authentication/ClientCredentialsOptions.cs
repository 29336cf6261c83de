namespace Microsoft.Extensions.Hosting;

/// <summary>
/// This service's own client at the identity service (configuration "Identity": Authority, ClientId, ClientSecret), used
/// for the client credentials grant (docs/identity.md).
/// </summary>
public sealed class ClientCredentialsOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>A token is renewed this long before it expires, so no call goes out with a token about to lapse.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromSeconds(60);
}
