using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace ReferenceApp.SystemTests;

/// <summary>The canary operated from the dashboard: the gateway resource's commands call the real admin API.</summary>
[Collection(GarnetSystemCollection.Name)]
public sealed class CanaryCommandsTests(GarnetSystemFixture system)
{
    [Fact]
    public async Task Promote_roll_back_and_set_weight_change_the_gateways_canary()
    {
        var commands = system.Host.App.Services.GetRequiredService<ResourceCommandService>();
        try
        {
            var promoted = await commands.ExecuteCommandAsync("gateway", "canary-promote");
            Assert.True(promoted.Success, promoted.Message);
            Assert.Equal(("Promoted", 100), await CanaryAsync());

            var rolledBack = await commands.ExecuteCommandAsync("gateway", "canary-rollback");
            Assert.True(rolledBack.Success, rolledBack.Message);
            Assert.Equal(("RolledBack", 0), await CanaryAsync());

            var refused = await commands.ExecuteCommandAsync("gateway", "canary-set-weight", Weight("150"));
            Assert.False(refused.Success);
            Assert.Equal(("RolledBack", 0), await CanaryAsync());
        }
        finally
        {
            var restored = await commands.ExecuteCommandAsync("gateway", "canary-set-weight", Weight("10"));
            Assert.True(restored.Success, restored.Message);
        }

        Assert.Equal(("Progressing", 10), await CanaryAsync());
    }

    private static InteractionInputCollection Weight(string value) =>
        new([new InteractionInput { Name = "v2", InputType = InputType.Number, Required = true, Value = value }]);

    private async Task<(string? State, int V2)> CanaryAsync()
    {
        using var gateway = system.Host.CreateHttpClient("gateway");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/canary");
        request.Headers.Add("X-Admin-Key", GatewayClient.AdminKey);
        using var response = await gateway.SendAsync(request);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (document.GetProperty("state").GetString(), document.GetProperty("weights").GetProperty("v2").GetInt32());
    }
}
