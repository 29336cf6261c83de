using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Canary.Analysis;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Canary.Traffic;
using ReferenceApp.Gateway.Operators;
using ReferenceApp.Gateway.Throttling;

namespace ReferenceApp.Gateway.Apis;

/// <summary>
/// The canary's admin API (contract: docs/gateway-admin-api.md): operators only (role "operator", or the break-glass key),
/// throttled by its own rate limit so keys and tokens cannot be guessed at speed.
/// </summary>
public static class CanaryAdminApi
{
    private const string WeightField = "v2";

    public static IEndpointRouteBuilder MapCanaryAdminApi(this IEndpointRouteBuilder app)
    {
        var canary = app.MapGroup("/admin/canary")
            .RequireAuthorization(AdminAuthorization.Policy)
            .RequireRateLimiting(GatewayRateLimits.AdminPolicy)
            .AddEndpointFilter<StoreUnavailableFilter>()
            .WithTags("Canary admin")
            // Refused by AdminKeyFilter, or StoreUnavailableFilter while the canary state cannot be saved.
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized))
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        canary.MapGet("/", GetCanary);
        canary.MapPut("/weight", SetWeightAsync);
        canary.MapPost("/rollback", RollBackAsync);
        canary.MapPost("/promote", PromoteAsync);
        return app;
    }

    public static Ok<CanaryDocument> GetCanary(LiveCanaryState live, CanaryTraffic traffic, CanaryAutopilot autopilot, IOptions<CanaryOptions> options) =>
        TypedResults.Ok(CanaryDocument.Create(live.Current, traffic, options.Value, autopilot.LastVerdict));

    public static async Task<Results<Ok<CanaryDocument>, ValidationProblem>> SetWeightAsync(
        HttpRequest request, CanaryCoordinator coordinator, CanaryTraffic traffic, CanaryAutopilot autopilot, IOptions<CanaryOptions> options, CancellationToken cancellationToken)
    {
        // The body is read by hand so that every malformed body gets a problem naming the field, not a bare 400.
        var (weight, problem) = await ReadWeightAsync(request, cancellationToken);
        if (problem is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [WeightField] = [problem] });
        }

        var snapshot = await coordinator.SetWeightAsync(weight, $"weight set to {weight}% by an operator", cancellationToken);
        return TypedResults.Ok(CanaryDocument.Create(snapshot, traffic, options.Value, autopilot.LastVerdict));
    }

    public static async Task<Ok<CanaryDocument>> RollBackAsync(
        CanaryCoordinator coordinator, CanaryTraffic traffic, CanaryAutopilot autopilot, IOptions<CanaryOptions> options, CancellationToken cancellationToken)
    {
        var snapshot = await coordinator.RollBackAsync("rolled back by an operator", automatic: false, cancellationToken);
        return TypedResults.Ok(CanaryDocument.Create(snapshot, traffic, options.Value, autopilot.LastVerdict));
    }

    public static async Task<Ok<CanaryDocument>> PromoteAsync(
        CanaryCoordinator coordinator, CanaryTraffic traffic, CanaryAutopilot autopilot, IOptions<CanaryOptions> options, CancellationToken cancellationToken)
    {
        var snapshot = await coordinator.PromoteAsync("promoted by an operator", cancellationToken);
        return TypedResults.Ok(CanaryDocument.Create(snapshot, traffic, options.Value, autopilot.LastVerdict));
    }

    private static async Task<(int Weight, string? Problem)> ReadWeightAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const string expected = "Send a JSON object like { \"v2\": 25 } with an integer from 0 to 100.";
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return (0, "The body is not JSON. " + expected);
        }

        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object || !TryGetProperty(body.RootElement, WeightField, out var value))
            {
                return (0, "The field v2 is required. " + expected);
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var weight))
            {
                return (0, "The field v2 must be an integer. " + expected);
            }

            return weight is < 0 or > CanaryWeights.Total
                ? (0, $"The field v2 must be between 0 and {CanaryWeights.Total}, not {weight}.")
                : (weight, null);
        }
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
