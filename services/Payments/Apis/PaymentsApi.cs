using ReferenceApp.Cards;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReferenceApp.Payments.Domain;
using ReferenceApp.Payments.Storage;
using ReferenceApp.Payments.Telemetry;

namespace ReferenceApp.Payments.Apis;

public static class PaymentsApi
{
    private static readonly string[] Reads = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/payments");
        api.MapPost("/cards", TokenizeCard);
        api.MapDelete("/cards", ReleaseCards);
        api.MapPost("/", Charge);
        api.MapPost("/{id:guid}/refund", Refund);
        // Reads answer HEAD too (the gateway routes it, docs/gateway.md); the server sends the headers without the body.
        api.MapMethods("/{id:guid}", Reads, GetPayment);
        api.MapMethods("/", Reads, ListPayments);
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
        PaymentStore store, CardVault vault, SimulatedCardProvider provider, TimeProvider time, PaymentsMetrics metrics,
        CancellationToken cancellationToken)
    {
        var errors = PaymentValidation.Check(request, idempotencyKey);
        if (errors.Count > 0)
        {
            metrics.Charge("invalid", request.OrderId);
            return TypedResults.ValidationProblem(errors);
        }

        var key = idempotencyKey!;
        var hash = PaymentValidation.HashOf(request);
        if (await store.FindByKeyAsync(key, cancellationToken) is { } earlier)
        {
            metrics.Charge("replayed", request.OrderId, earlier.Payment.Id);
            return Replay(earlier, hash);
        }

        if (await vault.FindAsync(request.CardToken!, cancellationToken) is not { } card)
        {
            metrics.Charge("unknown_card", request.OrderId);
            return Unprocessable("cardToken", "Unknown card token.");
        }

        var asked = time.GetTimestamp();
        var outcome = await provider.AuthorizeAndCaptureAsync(card.Last4, cancellationToken);
        metrics.ProviderAnswered(outcome.Decision, time.GetElapsedTime(asked));
        if (outcome.Decision == ProviderDecision.Unavailable)
        {
            metrics.Charge("provider_unavailable", request.OrderId);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Card provider unavailable.",
                detail: "Nothing was charged; retry with the same Idempotency-Key.");
        }

        var payment = new Payment(Guid.CreateVersion7(), request.OrderId!.Value, request.Amount!.Value, request.Currency!,
            outcome.Decision == ProviderDecision.Approved ? PaymentStatus.Captured : PaymentStatus.Declined,
            outcome.DeclineReason, card.Last4, time.GetUtcNow(), null);
        var inserted = await store.InsertAsync(new StoredPayment(payment, key, hash, card.Token), cancellationToken);
        metrics.Charge(inserted switch
        {
            InsertOutcome.Inserted => PaymentsMetrics.OutcomeOf(payment),
            InsertOutcome.KeyAlreadyUsed => "replayed",
            _ => "conflict",
        }, payment.OrderId, inserted == InsertOutcome.Inserted ? payment.Id : null);
        return inserted switch
        {
            InsertOutcome.Inserted => TypedResults.Created($"/api/payments/{payment.Id}", payment),
            // A concurrent request with the same key won: answer with its result (the simulated authorization is simply dropped).
            InsertOutcome.KeyAlreadyUsed => Replay((await store.FindByKeyAsync(key, cancellationToken))!, hash),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Order already charged.",
                detail: $"Order {payment.OrderId} already has a successful payment."),
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

    public static async Task<Results<Ok<Payment>, ProblemHttpResult>> GetPayment(Guid id, PaymentStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } payment ? TypedResults.Ok(payment) : NotFound(id);

    public static async Task<Results<Ok<IReadOnlyList<Payment>>, ValidationProblem>> ListPayments(
        Guid? orderId, PaymentStore store, CancellationToken cancellationToken) =>
        orderId is { } id && id != Guid.Empty
            ? TypedResults.Ok(await store.ListForOrderAsync(id, cancellationToken))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["orderId"] = ["The orderId query parameter is required."] });

    private static Results<Created<Payment>, Ok<Payment>, ValidationProblem, ProblemHttpResult> Replay(StoredPayment earlier, string hash) =>
        earlier.RequestHash == hash
            ? TypedResults.Ok(earlier.Payment)
            : Unprocessable(PaymentValidation.IdempotencyKeyField, "This key was already used with a different request.");

    private static ProblemHttpResult Unprocessable(string field, string error) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [error] })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request cannot be processed.",
        });

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Payment not found.", detail: $"No payment {id}.");
}
