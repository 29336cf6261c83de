using Aspire.Hosting.ApplicationModel;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReferenceApp.BrowserTests;

public sealed class RestartTests(SystemFixture system)
{
    [Fact]
    public async Task The_cart_survives_a_frontend_restart()
    {
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        await Storefront.AddProductsToCartAsync(page, 1);
        await page.GotoAsync("/cart");
        var product = await page.Locator("table.lines tbody th").First.InnerTextAsync();
        var before = ProcessId();

        var restart = await system.App.ResourceCommands.ExecuteCommandAsync("frontend", KnownResourceCommands.RestartCommand,
            TestContext.Current.CancellationToken);
        Assert.True(restart.Success, restart.Message);
        await WaitUntilServingAsync();

        if (before is not null && ProcessId() is { } after)
        {
            Assert.NotEqual(before, after);
        }

        await page.GotoAsync("/cart");
        await Expect(page.Locator("table.lines tbody th").First).ToHaveTextAsync(product);
        await Screenshots.SaveAsync(page, "cart-after-restart");
    }

    private string? ProcessId() =>
        system.App.ResourceNotifications.TryGetCurrentState("frontend", out var state)
            ? state.Snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value?.ToString()
            : null;

    private async Task WaitUntilServingAsync()
    {
        using var client = system.App.CreateHttpClient("frontend", "http");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "The frontend did not come back within 2 minutes.");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }
}
