using ReferenceApp.Frontend;
using ReferenceApp.Frontend.Components;
using ReferenceApp.Frontend.Services;

var builder = WebApplication.CreateBuilder(args);

// Serve the framework's assets (_framework/blazor.web.js) from the build output in every environment, not only
// Development: the AppHost runs the frontend from its build output. Published output has them in wwwroot (no-op there).
builder.WebHost.UseStaticWebAssets();

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddRazorComponents();
builder.Services.AddCustomerAuthentication(builder.Configuration);
builder.Services.AddOperatorAuthentication();
builder.Services.AddSecurityHeaders();

var app = builder.Build();

// In every environment: a visitor sees a friendly page, never a stack trace.
app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseSecurityHeaders(app.Configuration);

app.MapDefaultEndpoints();
app.UseCustomerCookie();
// Checkout, order history and status need the customer's sign-in, the operations page the operator's;
// the endpoint check runs before any of their form posts.
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>();
app.MapOperatorSignOut();
app.MapCustomerAccount();

app.Run();
