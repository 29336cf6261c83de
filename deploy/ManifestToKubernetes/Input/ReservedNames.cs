namespace ReferenceApp.Deploy.Input;

/// <summary>Names the generator uses for itself, so no manifest resource or profile entry may take them.</summary>
public static class ReservedNames
{
    /// <summary>The OpenTelemetry Collector workload the generator adds.</summary>
    public const string Collector = "otel-collector";

    /// <summary>The Job that gives each service's database to its own role.</summary>
    public const string DatabaseRoles = "postgres-roles";

    /// <summary>The base folder of the objects that belong to the namespace rather than one workload.</summary>
    public const string SharedObjects = "namespace";
}
