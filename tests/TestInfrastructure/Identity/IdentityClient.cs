namespace ReferenceApp.Testing.Identity;

/// <summary>A confidential client of the identity service as the tests use it (e.g. storefront, orders-service).</summary>
public sealed record IdentityClient(string ClientId, string ClientSecret, Uri? RedirectUri = null);
