namespace ReferenceApp.Gateway.Canary;

/// <summary>
/// Marks a request an operator pinned with X-Canary. Such traffic is chosen by a person, not by the weights, so it says
/// nothing about how v2 does for real users: the analysis leaves it out (it still shows in the request metrics).
/// </summary>
public sealed class OperatorOverride
{
    public static readonly OperatorOverride Instance = new();

    private OperatorOverride()
    {
    }

    public static bool IsSet(HttpContext context) => context.Features.Get<OperatorOverride>() is not null;

    public static void Set(HttpContext context) => context.Features.Set(Instance);
}
