namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>
/// Maps a customer id to a stable bucket 0..99 (FNV-1a over the characters), so one customer lands on one version
/// on every device and every replica. string.GetHashCode is randomised per process, so it cannot serve here.
/// </summary>
public static class CustomerBucket
{
    public static int Of(ReadOnlySpan<char> customerId)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var c in customerId)
        {
            hash = (hash ^ c) * prime;
        }

        return (int)(hash % CanaryWeights.Total);
    }
}
