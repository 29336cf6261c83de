using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class ClientCredentialsExtensions
{
    /// <summary>
    /// Every request of this client carries this service's own access token for <paramref name="scope"/> (client
    /// credentials, configuration "Identity": Authority, ClientId, ClientSecret). Tests replace
    /// <see cref="IAccessTokenSource"/> with tokens of their own issuer.
    /// </summary>
    public static IHttpClientBuilder AddClientCredentialsToken(this IHttpClientBuilder client, string scope)
    {
        var services = client.Services;
        services.AddOptions<ClientCredentialsOptions>().BindConfiguration(AuthenticationExtensions.IdentitySection);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName);
        services.TryAddSingleton<IAccessTokenSource>(provider => new ClientCredentialsTokenSource(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(ClientCredentialsTokenSource.HttpClientName),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClientCredentialsOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        return client.AddHttpMessageHandler(provider => new ClientCredentialsHandler(provider.GetRequiredService<IAccessTokenSource>(), scope));
    }
}
