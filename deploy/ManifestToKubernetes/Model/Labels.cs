namespace ReferenceApp.Deploy.Model;

/// <summary>The recommended app.kubernetes.io labels. Selectors use only the two that never change over a workload's life.</summary>
public static class Labels
{
    public const string Name = "app.kubernetes.io/name";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "manifest-to-kubernetes";

    public static string CanaryGroup(string application) => $"{application}/canary-group";
    public static string CanaryTrack(string application) => $"{application}/canary-track";

    public static SortedDictionary<string, string> Selector(string application, string workload) => new(StringComparer.Ordinal)
    {
        [Name] = workload,
        [PartOf] = application,
    };

    public static SortedDictionary<string, string> Common(string application, Workload workload)
    {
        var labels = Selector(application, workload.Name);
        labels[Component] = workload.Kind switch
        {
            WorkloadKind.Project => "service",
            WorkloadKind.Collector => "telemetry",
            _ => workload.IsStateful ? "datastore" : "backing-service",
        };
        labels[ManagedBy] = ManagedByValue;
        if (workload.Canary is { } canary)
        {
            labels[CanaryGroup(application)] = canary.Group;
            labels[CanaryTrack(application)] = canary.Track;
        }

        return labels;
    }

    /// <summary>Labels of a Job's objects and pods (a run-to-completion task of the deployment, not a long-running workload).</summary>
    public static SortedDictionary<string, string> JobLabels(string application, string job)
    {
        var labels = Selector(application, job);
        labels[Component] = "setup";
        labels[ManagedBy] = ManagedByValue;
        return labels;
    }

    /// <summary>Labels for objects that belong to the namespace rather than one workload.</summary>
    public static SortedDictionary<string, string> Shared(string application) => new(StringComparer.Ordinal)
    {
        [PartOf] = application,
        [ManagedBy] = ManagedByValue,
    };
}
