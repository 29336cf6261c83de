using ReferenceApp.Frontend;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Content("<!doctype html><title>ReferenceApp</title><h1>ReferenceApp storefront</h1>", "text/html"));

app.Run();
