using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Operators;

namespace ReferenceApp.Gateway.Apis;

/// <summary>Admits an admin call only with the right X-Admin-Key. The key is compared in constant time and never logged.</summary>
public sealed class AdminKeyFilter(IOptionsMonitor<GatewayOptions> options) : IEndpointFilter
{
    public const string HeaderName = AdminCredential.HeaderName;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        AdminCredential.IsPresentedBy(context.HttpContext.Request, options.CurrentValue.AdminKey)
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.Unauthorized());
}
