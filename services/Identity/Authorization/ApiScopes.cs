namespace ReferenceApp.Identity.Authorization;

/// <summary>The API scopes and the audience of tokens carrying them (docs: the identity contract of issue 15).</summary>
public static class ApiScopes
{
    public const string DefaultAudience = "referenceapp-api";

    /// <summary>A customer's own orders.</summary>
    public const string Orders = "orders";

    /// <summary>A customer's own payments.</summary>
    public const string Payments = "payments";

    /// <summary>Service to service: tokenize, charge and release cards.</summary>
    public const string PaymentsCharge = "payments.charge";

    public static readonly string[] All = [Orders, Payments, PaymentsCharge];
}
