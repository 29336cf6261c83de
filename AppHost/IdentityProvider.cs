using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.AppHost.Infrastructure;

namespace ReferenceApp.AppHost;

/// <summary>
/// The identity service's settings and what its clients are given: the authority every service validates tokens
/// against (Identity__Authority), and each confidential client's id and secret (Identity__ClientId, Identity__ClientSecret).
/// The secrets are generated AppHost parameters; locally the token keys live in .data/identity-keys, in production
/// they are files mounted from a Secret.
/// </summary>
public static class IdentityProvider
{
    public const string StorefrontClientId = "storefront";
    public const string OrdersClientId = "orders-service";
    public const string TrafficClientId = "traffic-generator";

    /// <summary>Where the Kubernetes output mounts the Secret holding signing.pem and encryption.pem.</summary>
    public const string KeysMountPath = "/etc/identity-keys";

    public const string DemoCustomerUserName = "customer@referenceapp.test";
    public const string OperatorUserName = "operator@referenceapp.test";

    public static IdentityClientSecrets AddIdentityClientSecrets(this IDistributedApplicationBuilder builder) => new(
        Secret(builder, "identity-storefront-secret", "Client secret of the storefront at the identity service (authorization code + PKCE)."),
        Secret(builder, "identity-orders-secret", "Client secret of orders at the identity service (client credentials, scope payments.charge)."),
        Secret(builder, "identity-traffic-secret", "Client secret of the traffic generator at the identity service (client credentials, scope orders)."),
        // Development accounts exist only in local runs: no parameter for them in the published manifest.
        builder.ExecutionContext.IsPublishMode ? null
            : Secret(builder, "identity-demo-customer-password", $"Password of the demo customer {DemoCustomerUserName} (local runs only; printed when the system is ready)."),
        builder.ExecutionContext.IsPublishMode ? null
            : Secret(builder, "identity-operator-password", $"Password of the operator {OperatorUserName} (local runs only; printed when the system is ready)."));

    /// <summary>The provider's own settings: client secrets, token keys, and locally the demo accounts.</summary>
    public static IResourceBuilder<ProjectResource> WithIdentitySettings(
        this IResourceBuilder<ProjectResource> identity, IDistributedApplicationBuilder builder, IdentityClientSecrets secrets)
    {
        identity
            .WithEnvironment("Identity__Storefront__Secret", secrets.Storefront)
            .WithEnvironment("Identity__OrdersService__Secret", secrets.Orders)
            .WithEnvironment("Identity__TrafficGenerator__Secret", secrets.TrafficGenerator);
        if (builder.ExecutionContext.IsPublishMode || secrets.DemoCustomerPassword is null || secrets.OperatorPassword is null)
        {
            return identity
                .WithEnvironment("Identity__Keys__SigningKeyFile", KeysMountPath + "/signing.pem")
                .WithEnvironment("Identity__Keys__EncryptionKeyFile", KeysMountPath + "/encryption.pem");
        }

        builder.Services.AddSingleton(new SystemReadyAnnouncement.ReadyNote(async cancellationToken =>
            "Sign in to the storefront as the demo customer " + DemoCustomerUserName + " / " +
            await secrets.DemoCustomerPassword.Resource.GetValueAsync(cancellationToken) +
            " or as the operator " + OperatorUserName + " / " +
            await secrets.OperatorPassword.Resource.GetValueAsync(cancellationToken) +
            " (AppHost parameters identity-demo-customer-password and identity-operator-password)"));
        return identity
            .WithEnvironment("Identity__Keys__DevelopmentDirectory", Path.Combine(builder.DataDirectory(), "identity-keys"))
            .WithEnvironment("Identity__DemoUsers__CustomerUserName", DemoCustomerUserName)
            .WithEnvironment("Identity__DemoUsers__CustomerPassword", secrets.DemoCustomerPassword)
            .WithEnvironment("Identity__DemoUsers__OperatorUserName", OperatorUserName)
            .WithEnvironment("Identity__DemoUsers__OperatorPassword", secrets.OperatorPassword);
    }

    /// <summary>The storefront's URL, to which the provider lets the storefront client redirect.</summary>
    public static IResourceBuilder<ProjectResource> WithStorefrontClient(
        this IResourceBuilder<ProjectResource> identity, IResourceBuilder<ProjectResource> frontend) =>
        identity.WithEnvironment("Identity__Storefront__Urls", frontend.GetEndpoint("http"));

    /// <summary>A resource server: validates access tokens issued by the identity service.</summary>
    public static IResourceBuilder<ProjectResource> WithIdentityAuthority(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> identity) =>
        service.WithEnvironment("Identity__Authority", identity.GetEndpoint("http"));

    /// <summary>A confidential client of the identity service (and a resource server, like every service).</summary>
    public static IResourceBuilder<ProjectResource> WithIdentityClient(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> identity,
        string clientId, IResourceBuilder<ParameterResource> secret) =>
        service.WithIdentityAuthority(identity)
            .WithEnvironment("Identity__ClientId", clientId)
            .WithEnvironment("Identity__ClientSecret", secret);

    private static IResourceBuilder<ParameterResource> Secret(IDistributedApplicationBuilder builder, string name, string description) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true)
            .WithDescription(description);
}

/// <summary>The generated secrets of the identity service's clients and development accounts.</summary>
public sealed record IdentityClientSecrets(
    IResourceBuilder<ParameterResource> Storefront,
    IResourceBuilder<ParameterResource> Orders,
    IResourceBuilder<ParameterResource> TrafficGenerator,
    IResourceBuilder<ParameterResource>? DemoCustomerPassword,
    IResourceBuilder<ParameterResource>? OperatorPassword);
