using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReferenceApp.Orders.Ordering;
using ReferenceApp.Orders.Storage;
using ReferenceApp.Orders.Telemetry;

namespace ReferenceApp.Orders.Apis;

public static class OrdersApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        // Every order call is a customer's on its own orders: the customer is the token's subject, never a body or query.
        var api = app.MapGroup("/api/orders").RequireAuthorization(AccessPolicies.OrdersCustomer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/", PlaceOrder).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{id:guid}", GetOrder).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/", ListOrders);
        api.MapPost("/{id:guid}/cancel", CancelOrder).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Created<OrderResponse>, ValidationProblem, ProblemHttpResult>> PlaceOrder(
        PlaceOrderRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user,
        OrderPlacement placement, OrdersMetrics metrics, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        // A body naming another customer changes nothing: the order is the signed-in customer's, and so is its
        // Idempotency-Key fingerprint (another customer's retry of the key is a different request, not a replay).
        request = request with { CustomerId = CustomerOf(user) };
        var errors = OrderValidation.Check(request, idempotencyKey, time.GetUtcNow());
        var result = errors.Count > 0
            ? new PlacementResult.Invalid(errors)
            : await placement.PlaceAsync(request.ToCommand(idempotencyKey!), cancellationToken);
        metrics.RecordPlacement(result, request.CustomerId);
        switch (result)
        {
            case PlacementResult.Accepted accepted:
                if (accepted.Replayed)
                {
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                }

                return TypedResults.Created($"/api/orders/{accepted.Order.Id}", accepted.Order.ToResponse());
            case PlacementResult.Invalid invalid:
                return TypedResults.ValidationProblem(invalid.Errors);
            case PlacementResult.Unprocessable unprocessable:
                return TypedResults.Problem(new HttpValidationProblemDetails(unprocessable.Errors)
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = "The order cannot be processed.",
                });
            case PlacementResult.PaymentsUnavailable:
                context.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Payments unavailable.",
                    detail: "The card could not be tokenized; nothing was stored. Retry with the same Idempotency-Key.");
            default:
                throw new InvalidOperationException("Unknown placement result.");
        }
    }

    /// <summary>Another customer's order is 404 exactly like one that does not exist, so ids cannot be probed.</summary>
    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrder(
        Guid id, ClaimsPrincipal user, OrderStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } order && order.CustomerId == CustomerOf(user)
            ? TypedResults.Ok(order.ToResponse())
            : NotFound(id);

    /// <summary>The signed-in customer's orders; a customerId in the query (the old contract) is ignored.</summary>
    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> ListOrders(
        ClaimsPrincipal user, int? limit, string? after, OrderStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"The limit must be between 1 and {MaxPageSize}."];
        }

        (DateTimeOffset, Guid) position = default;
        if (after is not null && !OrderCursor.TryDecode(after, out position))
        {
            errors["after"] = ["The cursor is not valid; use nextCursor of the previous page."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var pageSize = limit ?? DefaultPageSize;
        var rows = await store.ListAsync(CustomerOf(user), pageSize + 1, after is null ? null : position, cancellationToken);
        var page = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? OrderCursor.Encode(page[^1].CreatedAt, page[^1].Id) : null;
        return TypedResults.Ok(new OrderPage([.. page.Select(o => o.ToSummary())], next));
    }

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> CancelOrder(
        Guid id, ClaimsPrincipal user, OrderCancellation cancellation, CancellationToken cancellationToken) =>
        await cancellation.CancelAsync(id, CustomerOf(user), cancellationToken) switch
        {
            CancellationResult.Done done => TypedResults.Ok(done.Order.ToResponse()),
            CancellationResult.NotFound => NotFound(id),
            CancellationResult.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "The order cannot be cancelled.", detail: $"Order {id} is {conflict.Status}; only Pending or Paid orders can be cancelled."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Refund unavailable.",
                detail: "Payments could not refund the order; it stays Paid. Retry later."),
        };

    /// <summary>The orders-customer policy admits only callers with a subject.</summary>
    private static string CustomerOf(ClaimsPrincipal user) =>
        AccessPolicies.SubjectOf(user) ?? throw new UnreachableException("The orders-customer policy admits only callers with a subject.");

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found.", detail: $"No order {id}.");
}
