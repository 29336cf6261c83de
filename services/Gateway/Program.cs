using ReferenceApp.Gateway;
using ReferenceApp.Gateway.Apis;
using ReferenceApp.Gateway.Canary;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddAdminOpenApi();
builder.Services.AddPublicApiDocument();

var app = builder.Build();

app.UseExceptionHandler();
app.UseRequestBodyLimit();

app.MapDefaultEndpoints();
app.MapDefaultOpenApi(AdminOpenApi.DocumentName, PublicApiDocument.DocumentName);
app.MapPublicApiDocument();
app.MapCanaryAdminApi();
app.MapReverseProxy(proxy => proxy.UseCanaryPipeline());
app.MapGet("/", () => new { service = "gateway" }).ExcludeFromDescription();

app.Run();
