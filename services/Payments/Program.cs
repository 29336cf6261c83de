using ReferenceApp.Payments;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => new { service = "payments" });

app.Run();
