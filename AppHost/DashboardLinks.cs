namespace ReferenceApp.AppHost;

/// <summary>
/// What the dashboard's Resources page shows a newcomer: the links a person opens, named for what they are,
/// instead of a bare "http" per endpoint.
/// </summary>
public static class DashboardLinks
{
    public const string Storefront = "Storefront";
    public const string OperationsPage = "Operations page";
    public const string OperationsPath = "/operations";
    public const string PublicApi = "Public API";
    public const string PublicApiProducts = "Public API: products";
    public const string ProductsPath = "/api/products";

    /// <summary>The frontend's endpoint is the storefront; the canary's operations page gets its own link.</summary>
    public static IResourceBuilder<ProjectResource> WithStorefrontLinks(this IResourceBuilder<ProjectResource> frontend) =>
        frontend
            .WithUrlForEndpoint("http", url => url.DisplayText = Storefront)
            .WithUrlForEndpoint("http", _ => new() { Url = OperationsPath, DisplayText = OperationsPage });

    /// <summary>The gateway's endpoint is the public API; the catalogue is a first request that answers in a browser.</summary>
    public static IResourceBuilder<ProjectResource> WithPublicApiLinks(this IResourceBuilder<ProjectResource> gateway) =>
        gateway
            .WithUrlForEndpoint("http", url => url.DisplayText = PublicApi)
            .WithUrlForEndpoint("http", _ => new() { Url = ProductsPath, DisplayText = PublicApiProducts });

    /// <summary>A service reached directly, bypassing the gateway (for debugging; clients go through the gateway).</summary>
    public static IResourceBuilder<ProjectResource> WithDirectLink(this IResourceBuilder<ProjectResource> service, string displayText) =>
        service.WithUrlForEndpoint("http", url => url.DisplayText = displayText);
}
