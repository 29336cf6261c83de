using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Gateway.Apis;

/// <summary>Admits an admin call only with the right X-Admin-Key. The key is compared in constant time and never logged.</summary>
public sealed class AdminKeyFilter(IOptionsMonitor<GatewayOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Admin-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        IsAuthorized(context.HttpContext.Request.Headers[HeaderName], options.CurrentValue.AdminKey)
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.Unauthorized());

    // Hashing first makes both sides the same length, so not even the key's length leaks through the comparison time.
    private static bool IsAuthorized(string? presented, string? expected) =>
        !string.IsNullOrEmpty(expected)
        && !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
