using ReferenceApp.Orders;
using ReferenceApp.Orders.Apis;
using ReferenceApp.Orders.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddDefaultOpenApi("ReferenceApp orders API");

var app = builder.Build();

app.UseOrdersVersionHeader();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseAuthorization();
app.UseFaultInjection();

app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapGet("/", (OrdersVersion version) => new { service = "orders", version = version.Name }).ExcludeFromDescription();
app.MapCatalogApi();
app.MapOrdersApi();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
