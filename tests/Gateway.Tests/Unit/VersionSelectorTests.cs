using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Routing;

namespace ReferenceApp.Gateway.Tests.Unit;

public sealed class VersionSelectorTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(90)]
    [InlineData(100)]
    public void Distinct_clients_split_within_one_and_a_half_points_of_the_weight(int weight)
    {
        var selector = new VersionSelector(new Random(20261126));
        const int clients = 10_000;

        var v2 = 0;
        for (var i = 0; i < clients; i++)
        {
            if (selector.Choose(VersionHints.None, new CanaryWeights(weight)).Version == CanaryVersion.V2)
            {
                v2++;
            }
        }

        var share = 100.0 * v2 / clients;
        Assert.InRange(share, weight - 1.5, weight + 1.5);
    }

    [Fact]
    public void A_draw_asks_to_stick()
    {
        var choice = new VersionSelector(new Random(1)).Choose(VersionHints.None, new CanaryWeights(50));

        Assert.Equal(VersionChoiceSource.Draw, choice.Source);
        Assert.True(choice.ShouldStick);
    }

    [Theory]
    [InlineData(CanaryVersion.V1, 1)]
    [InlineData(CanaryVersion.V1, 99)]
    [InlineData(CanaryVersion.V2, 1)]
    [InlineData(CanaryVersion.V2, 99)]
    public void A_sticky_client_keeps_its_version_while_that_version_has_weight(CanaryVersion sticky, int weight)
    {
        var selector = new VersionSelector(new Random(7));

        for (var i = 0; i < 1_000; i++)
        {
            var choice = selector.Choose(new VersionHints(null, sticky, null), new CanaryWeights(weight));
            Assert.Equal(sticky, choice.Version);
            Assert.False(choice.ShouldStick);
        }
    }

    [Fact]
    public void A_client_stuck_to_a_rolled_back_version_is_drawn_again()
    {
        var choice = new VersionSelector(new Random(7)).Choose(new VersionHints(null, CanaryVersion.V2, null), new CanaryWeights(0));

        Assert.Equal(CanaryVersion.V1, choice.Version);
        Assert.True(choice.ShouldStick);
    }

    [Theory]
    [InlineData(CanaryVersion.V1, 100)]
    [InlineData(CanaryVersion.V2, 0)]
    public void The_override_header_wins_over_weights_and_cookie(CanaryVersion pinned, int weight)
    {
        var hints = new VersionHints(pinned, pinned.Other(), 3);

        var choice = new VersionSelector(new Random(7)).Choose(hints, new CanaryWeights(weight));

        Assert.Equal(new VersionChoice(pinned, VersionChoiceSource.Override), choice);
        Assert.False(choice.ShouldStick);
    }

    [Fact]
    public void A_customer_always_gets_the_same_version_and_only_moves_towards_v2_as_the_weight_grows()
    {
        var selector = new VersionSelector(new Random(7));
        var customers = Enumerable.Range(0, 500).Select(i => $"customer-{i}").ToArray();
        var previouslyOnV2 = new HashSet<string>();

        foreach (var weight in new[] { 10, 25, 50, 100 })
        {
            var onV2 = customers
                .Where(id => selector.Choose(new VersionHints(null, null, CustomerBucket.Of(id)), new CanaryWeights(weight)).Version == CanaryVersion.V2)
                .ToHashSet();
            var again = customers
                .Where(id => selector.Choose(new VersionHints(null, null, CustomerBucket.Of(id)), new CanaryWeights(weight)).Version == CanaryVersion.V2)
                .ToHashSet();

            Assert.Equal(onV2, again);
            Assert.Subset(onV2, previouslyOnV2);
            Assert.InRange(100.0 * onV2.Count / customers.Length, weight - 8, weight + 8);
            previouslyOnV2 = onV2;
        }
    }
}
