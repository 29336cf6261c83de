using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReferenceApp.BrowserTests;

public sealed class OperationsTests(SystemFixture system)
{
    [Fact]
    public async Task The_operations_page_charts_the_canary_and_changes_its_weight_without_showing_the_admin_key()
    {
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();

        // Not signed in: the operations page asks for the operator key, and a wrong one is refused.
        await page.GotoAsync("/operations");
        Assert.Contains("/operations/sign-in", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Operator key").FillAsync("not-the-operator-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("sign-in-refused")).ToContainTextAsync("That is not the operator key.");
        await Screenshots.SaveAsync(page, "operator-sign-in-refused");

        await Storefront.SignInAsOperatorAsync(page);
        await Expect(page.GetByTestId("canary-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("canary-state")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Stable|Progressing|Promoted|RolledBack)$"));
        var weight = page.GetByLabel("Share of new traffic for v2 (percent, 0 to 100)");
        var original = await weight.InputValueAsync();

        await weight.FillAsync("150");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set weight" }).ClickAsync();
        await Expect(page.Locator("#v2-weight-error")).ToContainTextAsync("between 0 and 100");

        await page.GetByLabel("Share of new traffic for v2 (percent, 0 to 100)").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set weight" }).ClickAsync();
        await Expect(page.GetByText("The canary was updated.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("canary-state")).ToHaveTextAsync("Progressing");
        await Expect(page.Locator("figcaption")).ToContainTextAsync("v2 (canary) 30%");
        await Screenshots.SaveAsync(page, "operations");

        var adminKey = await AdminKeyAsync();
        Assert.DoesNotContain(adminKey, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.All(await visitor.CookiesAsync(), cookie => Assert.DoesNotContain(adminKey, cookie.Value, StringComparison.Ordinal));

        await page.GetByLabel("Share of new traffic for v2 (percent, 0 to 100)").FillAsync(original);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set weight" }).ClickAsync();
        await Expect(page.GetByText("The canary was updated.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operator sign-in" })).ToBeVisibleAsync();
        await page.GotoAsync("/operations");
        Assert.Contains("/operations/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_operator_signs_in_with_the_account_changes_the_weight_and_the_admin_api_reports_it_to_the_operators_token()
    {
        var operatorTokens = await system.TokensForAsync(SystemFixture.Operator);
        using var asOperator = system.CreateGatewayClient(operatorTokens);
        var original = await V2WeightAsync(asOperator);
        var changed = original == 35 ? 45 : 35;

        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        await page.GotoAsync("/operations");
        Assert.Contains("/operations/sign-in", page.Url, StringComparison.Ordinal);
        await page.GetByTestId("operator-account-sign-in").ClickAsync();
        await Storefront.ExpectIdentitySignInPageAsync(page);
        await Storefront.SignInAtIdentityAsync(page, SystemFixture.Operator);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operations: orders canary" })).ToBeVisibleAsync();
        var weight = page.GetByLabel("Share of new traffic for v2 (percent, 0 to 100)");
        await Expect(weight).ToHaveValueAsync(original.ToString(CultureInfo.InvariantCulture));

        await weight.FillAsync(changed.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Set weight" }).ClickAsync();
        await Expect(page.GetByText("The canary was updated.")).ToBeVisibleAsync();
        await Expect(page.Locator("figcaption")).ToContainTextAsync($"v2 (canary) {changed}%");

        // The gateway, asked with the operator's own token (not the break-glass key), has the page's change.
        Assert.Equal(changed, await V2WeightAsync(asOperator));

        await page.GetByLabel("Share of new traffic for v2 (percent, 0 to 100)").FillAsync(original.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Set weight" }).ClickAsync();
        await Expect(page.GetByText("The canary was updated.")).ToBeVisibleAsync();
        Assert.Equal(original, await V2WeightAsync(asOperator));
    }

    [Fact]
    public async Task A_customer_account_is_refused_the_operations_page_and_the_admin_api()
    {
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        var customer = await Storefront.NewSignedInCustomerAsync(system, page);

        await page.GotoAsync("/operations");

        Assert.NotEqual("/operations", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operations: orders canary" })).Not.ToBeVisibleAsync();
        await Expect(page.GetByLabel("Share of new traffic for v2 (percent, 0 to 100)")).Not.ToBeVisibleAsync();

        using var asCustomer = system.CreateGatewayClient(await system.TokensForAsync(customer));
        using var read = await asCustomer.GetAsync("/admin/canary", TestContext.Current.CancellationToken);
        using var write = await asCustomer.PutAsJsonAsync("/admin/canary/weight", new { v2 = 100 }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    private static async Task<int> V2WeightAsync(HttpClient gateway)
    {
        var canary = await gateway.GetFromJsonAsync<JsonElement>("/admin/canary", TestContext.Current.CancellationToken);
        return canary.GetProperty("weights").GetProperty("v2").GetInt32();
    }

    private async Task<string> AdminKeyAsync()
    {
        var model = system.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(resource => resource.Name == "gateway-admin-key");
        return await parameter.GetValueAsync(TestContext.Current.CancellationToken) ?? throw new InvalidOperationException("no admin key");
    }
}
