using Microsoft.AspNetCore.Builder;

namespace ReferenceApp.ServiceDefaults.Tests;

/// <summary>No service tells a caller which web server (and so which known flaws) it runs: no <c>Server: Kestrel</c>.</summary>
public sealed class ServerHeaderTests
{
    [Fact]
    public async Task A_service_with_the_defaults_sends_no_server_header()
    {
        await using var service = await ServiceUnderTest.StartAsync(app => app.MapGet("/work", () => "done"));

        var response = await service.Client.GetAsync("/work", TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        Assert.Empty(response.Headers.Server);
        Assert.False(response.Headers.Contains("Server"));
    }
}
