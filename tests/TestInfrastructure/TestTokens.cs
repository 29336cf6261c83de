using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ReferenceApp.Testing;

/// <summary>
/// Access tokens shaped like the identity service's (docs/identity.md: sub, role, scope, client_id; audience
/// referenceapp-api), signed by a key made for this test run. <see cref="TrustTestIssuer"/> gives a service under test
/// that key as its issuer's configuration instead of discovery, so in-process tests need no identity service; the
/// whole-system tests use real tokens from the real one.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "https://identity.test/";

    private static readonly RsaSecurityKey SigningKey = new(RSA.Create(2048)) { KeyId = "test-signing-key" };

    /// <summary>A key no issuer the services trust has: tokens signed with it must be refused.</summary>
    public static readonly RsaSecurityKey ForeignKey = new(RSA.Create(2048)) { KeyId = "test-signing-key" };

    /// <summary>A signed-in storefront customer: scopes orders and payments, role customer.</summary>
    public static string Customer(string customerId) =>
        Create(customerId, [AccessPolicies.OrdersScope, AccessPolicies.PaymentsScope], ["customer"], clientId: "storefront");

    /// <summary>A signed-in operator (also a customer, as every registered user is).</summary>
    public static string Operator(string operatorId = "operator-1") =>
        Create(operatorId, [AccessPolicies.OrdersScope, AccessPolicies.PaymentsScope], ["customer", AccessPolicies.OperatorRole], clientId: "storefront");

    /// <summary>A service on its own behalf (client credentials): the subject is the client id, no roles.</summary>
    public static string Service(string clientId, params string[] scopes) => Create(clientId, scopes, [], clientId);

    public static string Create(
        string? subject, IEnumerable<string> scopes, IEnumerable<string> roles, string clientId = "storefront",
        string audience = AccessPolicies.Audience, string issuer = Issuer, DateTime? expires = null, SecurityKey? key = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["scope"] = string.Join(' ', scopes),
            ["client_id"] = clientId,
        };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        var roleList = roles.ToArray();
        if (roleList.Length > 0)
        {
            claims["role"] = roleList.Length == 1 ? roleList[0] : roleList;
        }

        var now = DateTime.UtcNow;
        var notAfter = expires ?? now.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notAfter < now ? notAfter.AddMinutes(-10) : now,
            NotBefore = notAfter < now ? notAfter.AddMinutes(-10) : now,
            Expires = notAfter,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    /// <summary>A client whose every request carries <paramref name="token"/>.</summary>
    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = Bearer(token);
        return client;
    }

    /// <summary>For ConfigureTestServices: JwtBearer trusts the test key as its issuer's, without discovery.</summary>
    public static void TrustTestIssuer(IServiceCollection services)
    {
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Authority = null;
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(SigningKey);
            options.Configuration = configuration;
        });
        // A service that calls another on its own behalf gets test tokens instead of asking an identity service.
        services.AddSingleton<IAccessTokenSource>(new ServiceTokens());
    }

    /// <summary>Client-credentials tokens of the orders service, minted here.</summary>
    public sealed class ServiceTokens(string clientId = "orders-service") : IAccessTokenSource
    {
        private int issued;

        /// <summary>How many tokens were handed out (each request asks; the real source caches).</summary>
        public int Issued => Volatile.Read(ref issued);

        public ValueTask<string> GetTokenAsync(string scope, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref issued);
            return ValueTask.FromResult(Service(clientId, scope));
        }

        public void Invalidate(string scope)
        {
        }
    }
}
