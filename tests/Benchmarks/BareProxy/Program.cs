using Yarp.ReverseProxy.Configuration;

// YARP alone, as a user would start it from its README, splitting 90/10 like the gateway's canary: nine destinations
// name orders-v1 and one orders-v2, drawn at random. It shows what YARP itself costs here, apart from what the gateway adds.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();

var v1 = builder.Configuration["BareProxy:V1"] ?? throw new InvalidOperationException("BareProxy:V1 (the orders-v1 URL) is required.");
var v2 = builder.Configuration["BareProxy:V2"] ?? throw new InvalidOperationException("BareProxy:V2 (the orders-v2 URL) is required.");
var destinations = Enumerable.Range(1, 9).ToDictionary(i => $"v1-{i}", _ => new DestinationConfig { Address = v1 });
destinations["v2"] = new DestinationConfig { Address = v2 };

builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "orders", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig { ClusterId = "orders", LoadBalancingPolicy = "Random", Destinations = destinations }]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
