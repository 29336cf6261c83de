using Microsoft.Extensions.Configuration;

namespace ReferenceApp.AppHost;

/// <summary>
/// Lets the canary fail on purpose, to watch the gateway's analysis roll it back: every AppHost setting under
/// Canary:V2Faults becomes orders-v2's Orders:Faults (docs/api.md), e.g.
/// `dotnet run --project AppHost -- --TrafficGenerator:Enabled=true --Canary:V2Faults:FailureRate=0.2`. Off unless set.
/// </summary>
public static class CanaryFaults
{
    public const string Section = "Canary:V2Faults";

    public static void AddCanaryFaults(this IDistributedApplicationBuilder builder)
    {
        var faults = builder.Configuration.GetSection(Section).GetChildren().ToArray();
        if (faults.Length == 0 || builder.ExecutionContext.IsPublishMode)
        {
            return;
        }

        var ordersV2 = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "orders-v2"));
        foreach (var fault in faults)
        {
            ordersV2.WithEnvironment($"Orders__Faults__{fault.Key}", fault.Value ?? "");
        }
    }
}
