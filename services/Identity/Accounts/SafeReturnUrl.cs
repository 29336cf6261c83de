using Microsoft.AspNetCore.Mvc;

namespace ReferenceApp.Identity.Accounts;

/// <summary>Only a local return URL is followed after sign-in (no open redirect); anything else goes home.</summary>
public static class SafeReturnUrl
{
    public static string Of(string? returnUrl, IUrlHelper url) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
