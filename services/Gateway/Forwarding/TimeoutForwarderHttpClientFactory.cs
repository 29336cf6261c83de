using System.Net.Http;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace ReferenceApp.Gateway.Forwarding;

/// <summary>
/// YARP's own client factory (every HttpClient setting of the cluster config still applies) with the connect timeout of
/// <see cref="ForwardingOptions"/>, which YARP's cluster config has no key for.
/// </summary>
public sealed class TimeoutForwarderHttpClientFactory(IOptions<ForwardingOptions> options, ILogger<ForwarderHttpClientFactory> logger)
    : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = options.Value.ConnectTimeout;
    }
}
