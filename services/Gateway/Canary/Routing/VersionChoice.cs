namespace ReferenceApp.Gateway.Canary.Routing;

/// <summary>Why a version was chosen; only draws and customer buckets (re)write the sticky cookie.</summary>
public enum VersionChoiceSource
{
    Override,
    Sticky,
    Customer,
    Draw,
}

public readonly record struct VersionChoice(CanaryVersion Version, VersionChoiceSource Source)
{
    public bool ShouldStick => Source is VersionChoiceSource.Customer or VersionChoiceSource.Draw;
}
