using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Ingress;

/// <summary>
/// Configuration section "Gateway:ForwardedHeaders": the peers whose X-Forwarded-For / X-Forwarded-Proto the gateway
/// believes (docs/gateway.md, client addresses). Nobody by default: the rate limits then see each connection's own address.
/// In Kubernetes the ingress controller's pod network is trusted (deploy/profile.json, a per-cluster CIDR).
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "Gateway:ForwardedHeaders";

    /// <summary>Single addresses of trusted proxies, e.g. <c>10.0.0.5</c> or <c>fd00::5</c>.</summary>
    [IPAddresses]
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.244.0.0/16</c>.</summary>
    [IPNetworks]
    public List<string> KnownNetworks { get; set; } = [];

    public bool TrustsAnyone => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

[OptionsValidator]
public sealed partial class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>;

/// <summary>Every entry is an IP address.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IPAddressesAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is IEnumerable<string> entries && entries.FirstOrDefault(entry => !IPAddress.TryParse(entry, out _)) is { } bad
            ? new ValidationResult($"'{bad}' is not an IP address.", [validationContext.MemberName ?? string.Empty])
            : ValidationResult.Success;
}

/// <summary>Every entry is a network in CIDR notation (address/prefix length).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IPNetworksAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is IEnumerable<string> entries && entries.FirstOrDefault(entry => !entry.Contains('/', StringComparison.Ordinal) || !IPNetwork.TryParse(entry, out _)) is { } bad
            ? new ValidationResult($"'{bad}' is not a network in CIDR notation (e.g. 10.244.0.0/16).", [validationContext.MemberName ?? string.Empty])
            : ValidationResult.Success;
}
