using Microsoft.Extensions.Options;

namespace ReferenceApp.Payments.Domain;

public enum ProviderDecision
{
    Approved,
    Declined,
    Unavailable,
}

public sealed record ProviderOutcome(ProviderDecision Decision, string? DeclineReason = null)
{
    public static readonly ProviderOutcome Approved = new(ProviderDecision.Approved);
    public static readonly ProviderOutcome Unavailable = new(ProviderDecision.Unavailable);
}

/// <summary>
/// A card network stand-in that decides deterministically from the card's last four digits (documented in docs/api.md),
/// and can be told to be slow or to fail a share of calls.
/// </summary>
public sealed class SimulatedCardProvider(IOptionsMonitor<ProviderOptions> options, TimeProvider time) : ICardProvider
{
    public async Task<ProviderOutcome> AuthorizeAndCaptureAsync(string last4, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (current.Latency > TimeSpan.Zero)
        {
            await Task.Delay(current.Latency, time, cancellationToken);
        }

        if (current.FailureRate > 0 && Random.Shared.NextDouble() < current.FailureRate)
        {
            return ProviderOutcome.Unavailable;
        }

        return Decide(last4);
    }

    public static ProviderOutcome Decide(string last4) => last4 switch
    {
        "0002" => new ProviderOutcome(ProviderDecision.Declined, "card_declined"),
        "0069" => new ProviderOutcome(ProviderDecision.Declined, "insufficient_funds"),
        _ => ProviderOutcome.Approved,
    };
}
