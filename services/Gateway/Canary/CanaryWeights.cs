namespace ReferenceApp.Gateway.Canary;

/// <summary>How new traffic is split, in whole percent: v2 gets <see cref="V2"/>, v1 the rest, so the two always add up to 100.</summary>
public readonly record struct CanaryWeights
{
    public const int Total = 100;

    public CanaryWeights(int v2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(v2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(v2, Total);
        V2 = v2;
    }

    public int V2 { get; }

    public int V1 => Total - V2;

    public static CanaryWeights AllOnStable => new(0);

    public int For(CanaryVersion version) => version == CanaryVersion.V2 ? V2 : V1;

    public override string ToString() => $"v1 {V1}% / v2 {V2}%";
}
