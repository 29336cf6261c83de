using System.Security.Claims;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The names every service authorizes by (docs/identity.md): the access token's audience, its scopes and roles, and the
/// policies built from them. One owner for each rule, so a gateway route, an orders endpoint and a payments endpoint that
/// name the same policy mean the same thing.
/// </summary>
public static class AccessPolicies
{
    public const string Audience = "referenceapp-api";

    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string ScopeClaim = "scope";

    public const string OrdersScope = "orders";
    public const string PaymentsScope = "payments";
    public const string PaymentsChargeScope = "payments.charge";

    public const string OperatorRole = "operator";

    /// <summary>A customer (or the traffic generator's client) acting on its own orders: a subject and scope "orders".</summary>
    public const string OrdersCustomer = "orders-customer";

    /// <summary>A customer reading its own payments: a subject and scope "payments".</summary>
    public const string PaymentsCustomer = "payments-customer";

    /// <summary>A service (orders) tokenizing, charging, refunding or releasing cards on its own behalf: scope "payments.charge".</summary>
    public const string PaymentsCharge = "payments-charge";

    /// <summary>The gateway's admin API: role "operator".</summary>
    public const string Operator = "operator";

    /// <summary>The token's subject: the customer id orders and payments file everything under.</summary>
    public static string? SubjectOf(ClaimsPrincipal user) => user.FindFirst(SubjectClaim)?.Value;

    /// <summary>
    /// Scopes arrive as one space-separated "scope" claim (RFC 9068, OpenIddict) or, from other issuers, one claim per
    /// scope; both are read.
    /// </summary>
    public static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindAll(ScopeClaim).Any(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}
