using ReferenceApp.AppHost;
using ReferenceApp.AppHost.Infrastructure;
using ReferenceApp.AppHost.SelfHealing;

var builder = DistributedApplication.CreateBuilder(args);

var decision = builder.DecideInfrastructureMode();
if (!decision.CanRun)
{
    Console.Error.WriteLine($"ReferenceApp cannot start: {decision.Error}");
    return 1;
}

var infrastructure = builder.AddSystemInfrastructure(decision);
builder.AddReferenceAppServices(infrastructure);
builder.AnnounceWhenReady();
builder.RestartExitedResources();

builder.Build().Run();
return 0;
