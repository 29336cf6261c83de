namespace ReferenceApp.Identity.Authorization;

/// <summary>The OpenID Connect handler's default callback paths, which the storefront keeps.</summary>
public static class StorefrontPaths
{
    public const string SignInCallback = "signin-oidc";
    public const string SignOutCallback = "signout-callback-oidc";
}
