using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using ReferenceApp.Orders.Domain;

namespace ReferenceApp.Orders.Payments;

public abstract record TokenizeResult
{
    public sealed record Tokenized(string Token, string Last4) : TokenizeResult;

    /// <summary>Payments rejected the card; errors are keyed as in the order ("card.number").</summary>
    public sealed record Rejected(Dictionary<string, string[]> Errors) : TokenizeResult;

    public sealed record Unavailable(string Reason) : TokenizeResult;
}

/// <summary>A card as orders received it (validated), sent to payments once to be exchanged for a token.</summary>
public sealed record CardDetails(string Number, string Expiry, string Cvc);

/// <param name="CustomerId">The order's customer, the only one payments lets read the payment. Null in outbox records
/// written before payments knew customers; the dispatcher fills it from the order.</param>
public sealed record ChargeMessage(Guid OrderId, decimal Amount, string Currency, string CardToken, string? CustomerId = null);

/// <summary>The orders side of the payments API (docs/api.md). The card number only ever travels in <see cref="TokenizeAsync"/>.</summary>
public sealed class PaymentsClient(HttpClient http)
{
    /// <param name="orderId">The order the card is for: payments files the card under it, so <see cref="ReleaseCardsAsync"/> can find it.</param>
    public async Task<TokenizeResult> TokenizeAsync(CardDetails card, Guid orderId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/api/payments/cards", new TokenizeRequest(card.Number, card.Expiry, card.Cvc, orderId), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var token = await response.Content.ReadFromJsonAsync<CardToken>(cancellationToken);
                return token is { Token.Length: > 0, Last4.Length: 4 }
                    ? new TokenizeResult.Tokenized(token.Token, token.Last4)
                    : new TokenizeResult.Unavailable("Payments returned no token.");
            }

            if (response.StatusCode == HttpStatusCode.BadRequest
                && await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(cancellationToken) is { Errors.Count: > 0 } problem)
            {
                return new TokenizeResult.Rejected(problem.Errors.ToDictionary(e => "card." + e.Key, e => e.Value));
            }

            return new TokenizeResult.Unavailable($"Payments answered {(int)response.StatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new TokenizeResult.Unavailable(e.GetType().Name);
        }
    }

    public async Task<ChargeResult> ChargeAsync(ChargeMessage charge, string idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments") { Content = JsonContent.Create(charge) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var payment = await response.Content.ReadFromJsonAsync<PaymentView>(cancellationToken);
                return payment switch
                {
                    { Status: "Captured" or "Refunded" } => new ChargeResult.Captured(payment.Id),
                    { Status: "Declined" } => new ChargeResult.Declined(payment.Id, payment.DeclineReason ?? "card_declined"),
                    _ => new ChargeResult.Transient("Payments returned an unexpected payment."),
                };
            }

            var status = (int)response.StatusCode;
            return status is >= 400 and < 500 and not 408 and not 429
                ? new ChargeResult.Rejected($"Payments answered {status}.")
                : new ChargeResult.Transient($"Payments answered {status}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ChargeResult.Transient(e.GetType().Name);
        }
    }

    /// <summary>Asks payments to delete the cards tokenized for an order that was not stored. True once payments answered 2xx.</summary>
    public async Task<bool> ReleaseCardsAsync(Guid orderId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.DeleteAsync($"/api/payments/cards?orderId={orderId}", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>True when the payment is refunded (refunding twice is fine: payments answers 200 again).</summary>
    public async Task<bool> RefundAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsync($"/api/payments/{paymentId}/refund", content: null, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private sealed record TokenizeRequest(string? Number, string? Expiry, string? Cvc, Guid OrderId);

    private sealed record CardToken(string Token, string Last4);

    private sealed record PaymentView(Guid Id, string Status, string? DeclineReason);
}
