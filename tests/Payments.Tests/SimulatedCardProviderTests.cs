using Microsoft.Extensions.Options;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Tests;

public sealed class SimulatedCardProviderTests
{
    [Theory]
    [InlineData("4242", ProviderDecision.Approved, null)]
    [InlineData("4444", ProviderDecision.Approved, null)]
    [InlineData("0002", ProviderDecision.Declined, "card_declined")]
    [InlineData("0069", ProviderDecision.Declined, "insufficient_funds")]
    public void Decides_from_the_last_four_digits(string last4, ProviderDecision decision, string? reason)
    {
        var outcome = SimulatedCardProvider.Decide(last4);
        Assert.Equal(decision, outcome.Decision);
        Assert.Equal(reason, outcome.DeclineReason);
    }

    [Fact]
    public async Task A_failure_rate_of_one_makes_every_call_unavailable()
    {
        var provider = new SimulatedCardProvider(new FixedOptions(new ProviderOptions { FailureRate = 1 }), TimeProvider.System);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(ProviderDecision.Unavailable, (await provider.AuthorizeAndCaptureAsync("4242", CancellationToken.None)).Decision);
        }
    }

    [Fact]
    public async Task A_healthy_provider_never_fails_a_good_card()
    {
        var provider = new SimulatedCardProvider(new FixedOptions(new ProviderOptions()), TimeProvider.System);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(ProviderDecision.Approved, (await provider.AuthorizeAndCaptureAsync("4242", CancellationToken.None)).Decision);
        }
    }

    private sealed class FixedOptions(ProviderOptions value) : IOptionsMonitor<ProviderOptions>
    {
        public ProviderOptions CurrentValue => value;

        public ProviderOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ProviderOptions, string?> listener) => null;
    }
}
