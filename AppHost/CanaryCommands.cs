using System.Collections.Immutable;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ReferenceApp.AppHost;

/// <summary>
/// The canary, operated from the dashboard: commands on the gateway resource that call its admin API
/// (docs/gateway-admin-api.md) with the admin key, and the canary's state and weights shown as the resource's properties.
/// </summary>
public static class CanaryCommands
{
    public const string Promote = "canary-promote";
    public const string RollBack = "canary-rollback";
    public const string SetWeight = "canary-set-weight";
    public const string StateProperty = "canary.state";
    public const string WeightsProperty = "canary.weights";
    public const string ReasonProperty = "canary.reason";

    private static readonly TimeSpan StateRefresh = TimeSpan.FromSeconds(5);

    public static IResourceBuilder<ProjectResource> WithCanaryCommands(
        this IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ParameterResource> adminKey)
    {
        if (gateway.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return gateway;
        }

        var admin = new AdminApi(gateway.Resource.GetEndpoint("http"), adminKey.Resource);
        gateway
            .WithCommand(Promote, "Promote canary", context => admin.SendAsync(HttpMethod.Post, "/admin/canary/promote", null, context),
                new CommandOptions
                {
                    Description = "Send all new orders traffic to orders-v2 (POST /admin/canary/promote).",
                    ConfirmationMessage = "Send 100 % of new orders traffic to orders-v2?",
                    IconName = "ArrowCircleUp",
                    UpdateState = WhenHealthy,
                })
            .WithCommand(RollBack, "Roll back canary", context => admin.SendAsync(HttpMethod.Post, "/admin/canary/rollback", null, context),
                new CommandOptions
                {
                    Description = "Send all new orders traffic back to orders-v1 (POST /admin/canary/rollback).",
                    ConfirmationMessage = "Roll orders-v2 back to 0 %?",
                    IconName = "ArrowCircleDown",
                    UpdateState = WhenHealthy,
                })
            .WithCommand(SetWeight, "Set canary weight", context =>
                {
                    var text = context.Arguments["v2"].Value;
                    return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v2) && v2 is >= 0 and <= 100
                        ? admin.SendAsync(HttpMethod.Put, "/admin/canary/weight", new { v2 }, context)
                        : Task.FromResult(new ExecuteCommandResult { Success = false, Message = $"v2 must be a whole number from 0 to 100, not '{text}'." });
                },
                new CommandOptions
                {
                    Description = "Percent of new orders traffic for orders-v2; setting it resumes the analysis (PUT /admin/canary/weight).",
                    Arguments =
                    [
                        new InteractionInput
                        {
                            Name = "v2", Label = "orders-v2 weight (0 to 100 %)", InputType = InputType.Number, Required = true, Placeholder = "10",
                        },
                    ],
                    IconName = "ArrowSplit",
                    UpdateState = WhenHealthy,
                });

        // Local runs only: the dashboard shows the canary's state beside the gateway.
        gateway.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = Task.Run(() => ShowStateAsync(gateway.Resource, admin, notifications, stopping), stopping);
            return Task.CompletedTask;
        });
        return gateway;
    }

    private static ResourceCommandState WhenHealthy(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static async Task ShowStateAsync(ProjectResource gateway, AdminApi admin, ResourceNotificationService notifications, CancellationToken stopping)
    {
        try
        {
            await notifications.WaitForResourceHealthyAsync(gateway.Name, stopping);
            using var timer = new PeriodicTimer(StateRefresh);
            do
            {
                if (await admin.TryGetDocumentAsync(stopping) is { } document)
                {
                    var weights = document.GetProperty("weights");
                    await notifications.PublishUpdateAsync(gateway, snapshot => snapshot with
                    {
                        Properties = snapshot.Properties
                            .Where(p => p.Name is not (StateProperty or WeightsProperty or ReasonProperty))
                            .Append(new ResourcePropertySnapshot(StateProperty, document.GetProperty("state").GetString()) { DisplayName = "Canary state" })
                            .Append(new ResourcePropertySnapshot(WeightsProperty,
                                $"v1 {weights.GetProperty("v1").GetInt32()} %, v2 {weights.GetProperty("v2").GetInt32()} %") { DisplayName = "Canary weights" })
                            .Append(new ResourcePropertySnapshot(ReasonProperty, document.TryGetProperty("reason", out var reason) ? reason.GetString() : null) { DisplayName = "Canary reason" })
                            .ToImmutableArray(),
                    });
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException)
        {
            // The AppHost is stopping.
        }
    }

    /// <summary>The gateway's admin API, called with the key the gateway was given.</summary>
    private sealed class AdminApi(EndpointReference endpoint, ParameterResource adminKey)
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

        public async Task<ExecuteCommandResult> SendAsync(HttpMethod method, string path, object? body, ExecuteCommandContext context)
        {
            try
            {
                using var request = await RequestAsync(method, path, context.CancellationToken);
                request.Content = body is null ? null : JsonContent.Create(body);
                using var response = await Http.SendAsync(request, context.CancellationToken);
                var text = await response.Content.ReadAsStringAsync(context.CancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return new ExecuteCommandResult { Success = false, Message = $"{(int)response.StatusCode}: {text}" };
                }

                using var document = JsonDocument.Parse(text);
                var weights = document.RootElement.GetProperty("weights");
                return new ExecuteCommandResult
                {
                    Success = true,
                    Message = $"{document.RootElement.GetProperty("state").GetString()}: v1 {weights.GetProperty("v1").GetInt32()} %, v2 {weights.GetProperty("v2").GetInt32()} %",
                };
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                return new ExecuteCommandResult { Success = false, Message = $"The gateway's admin API did not answer: {e.Message}" };
            }
        }

        public async Task<JsonElement?> TryGetDocumentAsync(CancellationToken cancellationToken)
        {
            try
            {
                using var request = await RequestAsync(HttpMethod.Get, "/admin/canary", cancellationToken);
                using var response = await Http.SendAsync(request, cancellationToken);
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken) : null;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return null; // the gateway is restarting: the next refresh shows the state again
            }
        }

        private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
        {
            var request = new HttpRequestMessage(method, new Uri(new Uri(endpoint.Url), path));
            request.Headers.Add("X-Admin-Key", await adminKey.GetValueAsync(cancellationToken));
            return request;
        }
    }
}
