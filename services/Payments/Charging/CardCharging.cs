using ReferenceApp.Payments.Domain;
using ReferenceApp.Payments.Storage;
using ReferenceApp.Payments.Telemetry;

namespace ReferenceApp.Payments.Charging;

/// <summary>
/// Charging a card once per Idempotency-Key: replay a committed payment, look the card up, claim the key in PostgreSQL
/// (<see cref="PaymentStore.ClaimAsync"/>), and only then ask the provider; its answer is stored with the claim in one
/// commit. Concurrent requests with the key wait for the claim and replay its payment, so the provider is asked once.
/// </summary>
public sealed class CardCharging(PaymentStore store, CardVault vault, ICardProvider provider, PaymentsMetrics metrics, TimeProvider time)
{
    public async Task<ChargeResult> ChargeAsync(ChargeCommand command, CancellationToken cancellationToken)
    {
        // A retry of a settled charge needs neither the card nor a transaction.
        if (await store.FindByKeyAsync(command.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Replay(earlier, command);
        }

        if (await vault.FindAsync(command.CardToken, cancellationToken) is not { } card)
        {
            metrics.Charge("unknown_card", command.OrderId);
            return new ChargeResult.UnknownCard();
        }

        var pending = new Payment(Guid.CreateVersion7(), command.OrderId, command.CustomerId, command.Amount, command.Currency,
            PaymentStatus.Pending, null, card.Last4, time.GetUtcNow(), null);
        var claimed = await store.ClaimAsync(new StoredPayment(pending, command.IdempotencyKey, command.RequestHash, card.Token), cancellationToken);
        if (claimed is ClaimResult.AlreadyUsed used)
        {
            return Replay(used.Earlier, command);
        }

        await using var claim = ((ClaimResult.Claimed)claimed).Claim;
        var asked = time.GetTimestamp();
        var outcome = await provider.AuthorizeAndCaptureAsync(card.Last4, cancellationToken);
        metrics.ProviderAnswered(outcome.Decision, time.GetElapsedTime(asked));
        if (outcome.Decision == ProviderDecision.Unavailable)
        {
            metrics.Charge("provider_unavailable", command.OrderId);
            return new ChargeResult.ProviderUnavailable(); // disposing the claim rolls it back: the key is free for the retry
        }

        var payment = pending with
        {
            Status = outcome.Decision == ProviderDecision.Approved ? PaymentStatus.Captured : PaymentStatus.Declined,
            DeclineReason = outcome.DeclineReason,
            CreatedAt = time.GetUtcNow(),
        };
        if (await claim.SettleAsync(payment, cancellationToken) == SettleOutcome.OrderAlreadyCharged)
        {
            metrics.Charge("conflict", command.OrderId);
            return new ChargeResult.OrderAlreadyCharged(command.OrderId);
        }

        metrics.Charge(PaymentsMetrics.OutcomeOf(payment), payment.OrderId, payment.Id);
        return new ChargeResult.Charged(payment, Replayed: false);
    }

    private ChargeResult Replay(StoredPayment earlier, ChargeCommand command)
    {
        metrics.Charge("replayed", command.OrderId, earlier.Payment.Id);
        return earlier.RequestHash == command.RequestHash ? new ChargeResult.Charged(earlier.Payment, Replayed: true) : new ChargeResult.KeyReused();
    }
}
