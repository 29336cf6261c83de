using Microsoft.AspNetCore.Http.HttpResults;
using ReferenceApp.Orders.Storage;

namespace ReferenceApp.Orders.Apis;

public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/products").ProducesProblem(StatusCodes.Status503ServiceUnavailable).MapGet("/", GetProducts);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ProductResponse>>> GetProducts(Catalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<ProductResponse>>([.. (await catalog.AllAsync(cancellationToken)).Select(p => new ProductResponse(p.Id, p.Name, p.Price, p.Currency))]);
}
