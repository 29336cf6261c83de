using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ReferenceApp.Gateway.Apis;

/// <summary>Serves <see cref="PublicApiDocument"/> at /openapi/public.json, beside the admin document.</summary>
public static class PublicApiDocumentEndpoint
{
    public static IServiceCollection AddPublicApiDocument(this IServiceCollection services)
    {
        services.AddHttpClient(nameof(PublicApiDocument));
        return services.AddSingleton<PublicApiDocument>();
    }

    public static IEndpointRouteBuilder MapPublicApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapGet(PublicApiDocument.Path, GetAsync).ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(PublicApiDocument document, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await document.BuildAsync(cancellationToken));
        }
        catch (ServiceDocumentUnavailableException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Public API document unavailable.",
                detail: $"The {e.ClusterId} service did not hand over its OpenAPI document; try again shortly.");
        }
    }
}
