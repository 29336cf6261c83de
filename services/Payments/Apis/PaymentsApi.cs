using System.Diagnostics;
using System.Security.Claims;
using ReferenceApp.Cards;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReferenceApp.Payments.Charging;
using ReferenceApp.Payments.Domain;
using ReferenceApp.Payments.Storage;
using ReferenceApp.Payments.Telemetry;

namespace ReferenceApp.Payments.Apis;

public static class PaymentsApi
{
    private static readonly string[] Reads = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/payments")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // Cards and money move only for orders, calling on its own behalf (client credentials, scope payments.charge).
        var charging = api.MapGroup("").RequireAuthorization(AccessPolicies.PaymentsCharge);
        charging.MapPost("/cards", TokenizeCard);
        charging.MapDelete("/cards", ReleaseCards);
        charging.MapPost("/", Charge).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        charging.MapPost("/{id:guid}/refund", Refund).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // A customer reads its own payments (scope payments; the customer is the token's subject).
        // Reads answer HEAD too (the gateway routes it, docs/gateway.md); the server sends the headers without the body.
        var reads = api.MapGroup("").RequireAuthorization(AccessPolicies.PaymentsCustomer);
        reads.MapMethods("/{id:guid}", Reads, GetPayment).ProducesProblem(StatusCodes.Status404NotFound);
        reads.MapMethods("/", Reads, ListPayments);
        return app;
    }

    public static async Task<Results<Created<CardTokenResponse>, ValidationProblem>> TokenizeCard(
        TokenizeCardRequest request, CardVault vault, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = PaymentValidation.Check(request, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        CardRules.CheckNumber(request.Number, out var digits);
        var card = await vault.TokenizeAsync(digits, request.Expiry!, request.OrderId, cancellationToken);
        return TypedResults.Created((string?)null, new CardTokenResponse(card.Token, card.Brand, card.Last4, card.Expiry));
    }

    /// <summary>Orders did not store the order: its cards go, unless a payment uses them. Idempotent: 204 whether anything was deleted or not.</summary>
    public static async Task<Results<NoContent, ValidationProblem>> ReleaseCards(Guid? orderId, CardVault vault, CancellationToken cancellationToken)
    {
        if (orderId is not { } id || id == Guid.Empty)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["orderId"] = ["The orderId query parameter is required."] });
        }

        await vault.ReleaseForOrderAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<Payment>, Ok<Payment>, ValidationProblem, ProblemHttpResult>> Charge(
        ChargeRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CardCharging charging, PaymentsMetrics metrics, CancellationToken cancellationToken)
    {
        var errors = PaymentValidation.Check(request, idempotencyKey);
        if (errors.Count > 0)
        {
            metrics.Charge("invalid", request.OrderId);
            return TypedResults.ValidationProblem(errors);
        }

        var command = new ChargeCommand(request.OrderId!.Value, request.CustomerId!, request.Amount!.Value, request.Currency!, request.CardToken!,
            idempotencyKey!, PaymentValidation.HashOf(request));
        return await charging.ChargeAsync(command, cancellationToken) switch
        {
            ChargeResult.Charged { Replayed: true } replay => TypedResults.Ok(replay.Payment),
            ChargeResult.Charged created => TypedResults.Created($"/api/payments/{created.Payment.Id}", created.Payment),
            ChargeResult.KeyReused => Unprocessable(PaymentValidation.IdempotencyKeyField, "This key was already used with a different request."),
            ChargeResult.UnknownCard => Unprocessable("cardToken", "Unknown card token."),
            ChargeResult.ProviderUnavailable => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Card provider unavailable.", detail: "Nothing was charged; retry with the same Idempotency-Key."),
            ChargeResult.OrderAlreadyCharged charged => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Order already charged.", detail: $"Order {charged.OrderId} already has a successful payment."),
            var other => throw new UnreachableException($"Unhandled charge result {other}."),
        };
    }

    public static async Task<Results<Ok<Payment>, ProblemHttpResult>> Refund(
        Guid id, PaymentStore store, TimeProvider time, PaymentsMetrics metrics, CancellationToken cancellationToken)
    {
        await store.MarkRefundedAsync(id, time.GetUtcNow(), cancellationToken);
        var found = await store.FindAsync(id, cancellationToken);
        metrics.Refund(found switch { null => "not_found", { Status: PaymentStatus.Refunded } => "refunded", _ => "conflict" });
        return found switch
        {
            null => NotFound(id),
            { Status: PaymentStatus.Refunded } refunded => TypedResults.Ok(refunded),
            { } other => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Payment cannot be refunded.",
                detail: $"Payment {id} is {other.Status}."),
        };
    }

    public static async Task<Results<Ok<Payment>, ProblemHttpResult>> GetPayment(
        Guid id, ClaimsPrincipal user, PaymentStore store, CancellationToken cancellationToken) =>
        await store.FindForCustomerAsync(id, CustomerOf(user), cancellationToken) is { } payment ? TypedResults.Ok(payment) : NotFound(id);

    public static async Task<Results<Ok<IReadOnlyList<Payment>>, ValidationProblem>> ListPayments(
        Guid? orderId, ClaimsPrincipal user, PaymentStore store, CancellationToken cancellationToken) =>
        orderId is { } id && id != Guid.Empty
            ? TypedResults.Ok(await store.ListForCustomerOrderAsync(id, CustomerOf(user), cancellationToken))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["orderId"] = ["The orderId query parameter is required."] });

    /// <summary>The policy admitted only callers with a subject.</summary>
    private static string CustomerOf(ClaimsPrincipal user) =>
        AccessPolicies.SubjectOf(user) ?? throw new UnreachableException("The payments-customer policy admits only callers with a subject.");

    private static ProblemHttpResult Unprocessable(string field, string error) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [error] })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request cannot be processed.",
        });

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Payment not found.", detail: $"No payment {id}.");
}
