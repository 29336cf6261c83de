namespace ReferenceApp.Deploy.Policies;

/// <summary>A broken rule: its name and what breaks it, naming the object.</summary>
public sealed record PolicyViolation(string Rule, string Message)
{
    public override string ToString() => $"[{Rule}] {Message}";
}

public sealed class PolicyViolationException(IReadOnlyList<PolicyViolation> violations)
    : Exception("The generated manifests break policy:\n" + string.Join('\n', violations))
{
    public IReadOnlyList<PolicyViolation> Violations { get; } = violations;
}
