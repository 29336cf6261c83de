using ReferenceApp.Gateway;
using ReferenceApp.Gateway.Apis;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Ingress;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddAdminOpenApi();
builder.Services.AddPublicApiDocument();

var app = builder.Build();

// First: the client address the rate limits key on is the connection's, or what a trusted proxy says it forwarded for
// (Gateway:ForwardedHeaders).
app.UseGatewayForwardedHeaders();
app.UseExceptionHandler();
app.UseRequestBodyLimit();
// Authentication before throttling, so a signed-in caller is throttled as itself; authorization after it, so guessing
// keys or tokens at the admin API is throttled too.
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapDefaultOpenApi(AdminOpenApi.DocumentName, PublicApiDocument.DocumentName);
app.MapPublicApiDocument();
app.MapCanaryAdminApi();
app.MapReverseProxy(proxy => proxy.UseCanaryPipeline());
app.MapGet("/", () => new { service = "gateway" }).ExcludeFromDescription();

app.Run();
