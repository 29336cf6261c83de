using ReferenceApp.Orders;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseOrdersVersionHeader();
app.MapDefaultEndpoints();
app.MapGet("/", (OrdersVersion version) => new { service = "orders", version = version.Name });

app.Run();
