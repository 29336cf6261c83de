using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Ingress;

/// <summary>
/// Which client address the gateway believes (the per-address rate limits are keyed by it). ASP.NET Core trusts every
/// peer's X-Forwarded-For when its known proxies and networks are both empty, and ASPNETCORE_FORWARDEDHEADERS_ENABLED
/// (set by Aspire's manifest for every project) turns exactly that on. Here the options are post-configured from
/// <see cref="ForwardedHeadersSettings"/> alone, after every other configuration (that variable's included): the
/// loopback defaults are cleared, only the configured proxies are trusted, and with none configured no forwarded header
/// is read at all.
/// </summary>
public static class GatewayForwardedHeaders
{
    public static void AddGatewayForwardedHeaders(this IServiceCollection services)
    {
        services.AddValidatedOptions<ForwardedHeadersSettings, ForwardedHeadersSettingsValidator>(ForwardedHeadersSettings.SectionName);
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
            Apply(options, settings.Value));
    }

    /// <summary>The forwarded-headers middleware, first in the pipeline, whether or not the environment variable adds it too.</summary>
    public static IApplicationBuilder UseGatewayForwardedHeaders(this IApplicationBuilder app) => app.UseForwardedHeaders();

    internal static void Apply(ForwardedHeadersOptions options, ForwardedHeadersSettings settings)
    {
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in settings.KnownNetworks)
        {
            options.KnownIPNetworks.Add(IPNetwork.Parse(network));
        }

        // Empty lists mean "trust everyone" to the middleware, so with nobody configured nothing is read.
        options.ForwardedHeaders = settings.TrustsAnyone ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
        // Walk back through X-Forwarded-For while each hop is a trusted proxy, stopping at the first that is not: the
        // entries a client wrote itself, left of what the ingress appended, are never believed.
        options.ForwardLimit = null;
    }
}
