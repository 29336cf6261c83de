namespace ReferenceApp.Deploy.Policies;

/// <summary>One rule a platform team checks before approving manifests: a name, and what breaks it in a set of objects.</summary>
public interface IPolicyRule
{
    /// <summary>The rule's name, as reports and tests cite it (kebab-case).</summary>
    string Name { get; }

    /// <summary>One message per violation, each naming the object (Kind/name).</summary>
    IEnumerable<string> Check(ObjectSet set);
}
