namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>
/// The weighting itself: picks a version for a request from its hints and the current weights. No I/O, no allocation.
/// </summary>
/// <param name="random">Random.Shared in the gateway (thread-safe); a seeded instance in tests, so a split is reproducible.</param>
public sealed class VersionSelector(Random random)
{
    public VersionChoice Choose(in VersionHints hints, CanaryWeights weights)
    {
        if (hints.Override is { } pinned)
        {
            return new VersionChoice(pinned, VersionChoiceSource.Override);
        }

        // A sticky client stays while its version still gets traffic; at weight 0 (rollback) it is drawn again.
        if (hints.Sticky is { } sticky && weights.For(sticky) > 0)
        {
            return new VersionChoice(sticky, VersionChoiceSource.Sticky);
        }

        // Buckets below the v2 weight go to v2, so raising the weight only ever moves customers from v1 to v2, never back.
        if (hints.CustomerBucket is { } bucket)
        {
            return new VersionChoice(bucket < weights.V2 ? CanaryVersion.V2 : CanaryVersion.V1, VersionChoiceSource.Customer);
        }

        var draw = random.Next(CanaryWeights.Total);
        return new VersionChoice(draw < weights.V2 ? CanaryVersion.V2 : CanaryVersion.V1, VersionChoiceSource.Draw);
    }
}
