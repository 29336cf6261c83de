using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Forwarding;

/// <summary>
/// Configuration section "Gateway:Forwarding": what YARP's own cluster configuration cannot say. The activity timeout and
/// the health checks are per cluster in ReverseProxy:Clusters (see docs/gateway.md).
/// </summary>
public sealed class ForwardingOptions
{
    public const string SectionName = "Gateway:Forwarding";

    /// <summary>
    /// How long the gateway waits for a TCP connection to a destination. A dead pod whose address no longer answers would
    /// otherwise hold a request for the operating system's connect timeout (minutes), far beyond the retry that could serve it.
    /// 2 s: a live instance on a busy machine can take over 1 s to accept, and two attempts still fit in 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest request body buffered so a keyed POST can be sent again to the other version (the services' own cap).</summary>
    [Range(0, 1024 * 1024)]
    public int MaxRetryBodyBytes { get; set; } = 64 * 1024;
}

[OptionsValidator]
public sealed partial class ForwardingOptionsValidator : IValidateOptions<ForwardingOptions>;
