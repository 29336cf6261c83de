namespace ReferenceApp.Identity.Accounts;

/// <summary>The roles in the access token's `role` claim.</summary>
public static class Roles
{
    /// <summary>Every registered user.</summary>
    public const string Customer = "customer";

    /// <summary>May use the admin API and the storefront's Operations page.</summary>
    public const string Operator = "operator";

    public static readonly string[] All = [Customer, Operator];
}
