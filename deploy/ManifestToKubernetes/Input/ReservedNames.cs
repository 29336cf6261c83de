namespace ReferenceApp.Deploy.Input;

/// <summary>Names the generator uses for itself, so no manifest resource or profile entry may take them.</summary>
public static class ReservedNames
{
    /// <summary>The OpenTelemetry Collector workload the generator adds.</summary>
    public const string Collector = "otel-collector";

    /// <summary>The base folder of the objects that belong to the namespace rather than one workload.</summary>
    public const string SharedObjects = "namespace";
}
