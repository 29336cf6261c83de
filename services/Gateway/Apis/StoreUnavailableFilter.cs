using ReferenceApp.Gateway.Canary.State;

namespace ReferenceApp.Gateway.Apis;

/// <summary>A change that could not be shared with the other replicas is not made at all: the operator gets a 503 to retry, not a 500.</summary>
public sealed class StoreUnavailableFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (CanaryStoreUnavailableException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Canary state store unavailable",
                detail: "Redis could not be reached, so the change was not made. Routing continues with the last known weights; try again.");
        }
    }
}
