using ReferenceApp.Gateway;
using ReferenceApp.Gateway.Apis;
using ReferenceApp.Gateway.Canary;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseRequestBodyLimit();

app.MapDefaultEndpoints();
app.MapCanaryAdminApi();
app.MapReverseProxy(proxy => proxy.UseCanaryPipeline());
app.MapGet("/", () => new { service = "gateway" });

app.Run();
