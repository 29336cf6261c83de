namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>What a request says about the version it wants, strongest first: a tester's override, the sticky cookie, a customer's bucket.</summary>
public readonly record struct VersionHints(CanaryVersion? Override, CanaryVersion? Sticky, int? CustomerBucket)
{
    public static VersionHints None => default;
}
