using System.Diagnostics;
using System.Text.Json;
using ReferenceApp.Orders.Domain;
using ReferenceApp.Orders.Outbox;
using ReferenceApp.Orders.Payments;
using ReferenceApp.Orders.Storage;

namespace ReferenceApp.Orders.Ordering;

public abstract record PlacementResult
{
    /// <summary>A new order, or the replay of the identical request that created it.</summary>
    public sealed record Accepted(Order Order, bool Replayed) : PlacementResult;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : PlacementResult;

    /// <summary>Well-formed but unacceptable (unknown product, key reused with another body): 422.</summary>
    public sealed record Unprocessable(Dictionary<string, string[]> Errors) : PlacementResult;

    public sealed record PaymentsUnavailable(string Reason) : PlacementResult;
}

/// <summary>
/// Accepting a validated order: honour the Idempotency-Key, price from the catalogue, tokenize the card with payments,
/// then store order + lines + outbox record + key in one transaction. Nothing is written unless everything succeeds, and a
/// card tokenized for an order that was not stored is released at payments (<see cref="CardReleaser"/>).
/// </summary>
public sealed class OrderPlacement(
    OrderStore store, Catalog catalog, PaymentsClient payments, OutboxSignal outbox, CardReleases releases, OrdersVersion version, TimeProvider time)
{
    public async Task<PlacementResult> PlaceAsync(PlaceOrderCommand command, CancellationToken cancellationToken)
    {
        var now = TruncateToMicroseconds(time.GetUtcNow());
        if (await store.FindIdempotencyRecordAsync(command.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Replay(earlier, command);
        }

        var items = command.Items;
        var products = await catalog.FindAsync(items.Select(i => i.ProductId), cancellationToken);
        var unknown = items.Select((item, index) => (item, index)).Where(x => !products.ContainsKey(x.item.ProductId)).ToList();
        if (unknown.Count > 0)
        {
            return new PlacementResult.Unprocessable(unknown.ToDictionary(
                x => $"items[{x.index}].productId", x => new[] { $"Unknown product '{x.item.ProductId}'." }));
        }

        var priced = OrderPricing.Price([.. items.Select(i => (products[i.ProductId], i.Quantity))], version);

        // From tokenization on, payments may hold a card for this order id; unless the order is stored, it is released.
        var orderId = Guid.CreateVersion7();
        var cardMayBeHeld = true;
        var stored = false;
        try
        {
            // The card number leaves this process only here, to payments; from now on only the token is used.
            var tokenized = await payments.TokenizeAsync(command.Card, orderId, cancellationToken);
            switch (tokenized)
            {
                case TokenizeResult.Rejected rejected:
                    cardMayBeHeld = false; // payments refused the card: it stored nothing
                    return new PlacementResult.Invalid(rejected.Errors);
                case TokenizeResult.Unavailable unavailable:
                    // No answer is not "nothing stored": payments may have tokenized the card before its answer was lost.
                    return new PlacementResult.PaymentsUnavailable(unavailable.Reason);
            }

            var card = (TokenizeResult.Tokenized)tokenized;
            var order = Order.Place(orderId, command.CustomerId, priced, card.Last4, now);
            var charge = new ChargeMessage(order.Id, order.Total, order.Currency, card.Token, order.CustomerId);
            var chargeMessage = new NewOutboxMessage(OrderStore.ChargeKind, JsonSerializer.Serialize(charge, JsonSerializerOptions.Web),
                Activity.Current?.Id, Activity.Current?.TraceStateString);

            var winner = await store.PlaceAsync(command.IdempotencyKey, command.Fingerprint.Current, order, card.Token, chargeMessage, cancellationToken);
            if (winner is not null)
            {
                return Replay(winner, command); // a concurrent request with this key won: its order has its own card
            }

            stored = true;
            outbox.OrderQueued();
            return new PlacementResult.Accepted(order, Replayed: false);
        }
        finally
        {
            // Also when the write failed (ordersdb down: 503) or the client went away: the releaser checks ordersdb first,
            // since a write whose answer was lost may have committed after all.
            if (cardMayBeHeld && !stored)
            {
                releases.Release(orderId);
            }
        }
    }

    private static PlacementResult Replay(IdempotencyRecord earlier, PlaceOrderCommand command) =>
        command.Fingerprint.Matches(earlier.RequestHash)
            ? new PlacementResult.Accepted(earlier.Order, Replayed: true)
            : new PlacementResult.Unprocessable(new Dictionary<string, string[]>
            {
                [PlaceOrderCommand.IdempotencyKeyField] = ["This key was already used with a different request body."],
            });

    // PostgreSQL keeps microseconds; the stored response and later reads must agree to the tick.
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}
