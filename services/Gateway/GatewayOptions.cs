using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway;

/// <summary>Configuration section "Gateway".</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Break-glass secret for automation (header X-Admin-Key), honoured only when <see cref="AdminKeyBreakGlass"/> is on.
    /// Operators otherwise prove themselves with an access token carrying role "operator".
    /// </summary>
    [MinLength(16)]
    public string? AdminKey { get; set; }

    /// <summary>
    /// Whether X-Admin-Key still admits an admin call (and an X-Canary override) without a token. Off by default and in the
    /// Kubernetes output; the AppHost turns it on for local runs, where the dashboard's canary commands use the key.
    /// </summary>
    public bool AdminKeyBreakGlass { get; set; }
}

[OptionsValidator]
public sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;
