using ReferenceApp.AppHost;
using ReferenceApp.AppHost.Infrastructure;

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

builder.Build().Run();
return 0;
