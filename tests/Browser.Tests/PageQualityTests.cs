using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReferenceApp.BrowserTests;

public sealed class PageQualityTests(SystemFixture system)
{
    [Fact]
    public async Task An_unknown_order_is_a_clear_message_not_an_error_page()
    {
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        await Storefront.NewSignedInCustomerAsync(system, page);

        var response = await page.GotoAsync($"/orders/{Guid.NewGuid()}");

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByTestId("problem")).ToContainTextAsync("We could not find this order");
        Assert.DoesNotContain("Exception", await page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "unknown-order");
    }

    [Fact]
    public async Task Every_page_fits_a_phone_width_screen_and_labels_its_fields()
    {
        await using var visitor = await system.NewVisitorAsync(width: 375, height: 740);
        var page = await visitor.NewPageAsync();
        await Storefront.SignInAsOperatorAsync(page);
        await Storefront.NewSignedInCustomerAsync(system, page);
        await Storefront.AddProductsToCartAsync(page, 1);

        foreach (var (path, name) in new[] { ("/operations/sign-in", "phone-operator-sign-in"), ("/", "phone-catalogue"), ("/cart", "phone-cart"), ("/checkout", "phone-checkout"), ("/orders", "phone-orders"), ("/operations", "phone-operations") })
        {
            await page.GotoAsync(path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow}px on a phone");
            var unlabelled = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                    .filter(field => !(field.labels && field.labels.length) && !field.getAttribute('aria-label'))
                    .map(field => field.name || field.id)
                """);
            Assert.True(unlabelled.Length == 0, $"{path} has fields without a label: {string.Join(", ", unlabelled)}");
            await Screenshots.SaveAsync(page, name);
        }
    }

    [Fact]
    public async Task Every_form_carries_an_anti_forgery_token()
    {
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        await Storefront.SignInAsOperatorAsync(page);
        await Storefront.NewSignedInCustomerAsync(system, page);
        await Storefront.AddProductsToCartAsync(page, 1);

        foreach (var path in new[] { "/", "/cart", "/checkout", "/operations/sign-in", "/operations" })
        {
            await page.GotoAsync(path);
            var forms = await page.Locator("form").CountAsync();
            Assert.True(forms > 0, $"{path} has no form");
            await Expect(page.Locator("form:not(:has(input[name=__RequestVerificationToken]))")).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task A_paid_order_can_be_cancelled_and_is_refunded()
    {
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        await Storefront.NewSignedInCustomerAsync(system, page);
        await Storefront.AddProductsToCartAsync(page, 1);
        await Storefront.OpenCheckoutWithCardAsync(page, Storefront.ApprovedCard);
        await Storefront.PlaceOrderAsync(page);
        await Storefront.WaitForStatusAsync(page, "Paid");

        await page.GetByTestId("cancel-order").ClickAsync();

        await Storefront.WaitForStatusAsync(page, "Refunded");
        await Expect(page.GetByText("Your order was cancelled.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cancel-order")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "cancelled-refunded");
    }
}
