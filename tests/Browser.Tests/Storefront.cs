using ReferenceApp.Testing.Identity;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ReferenceApp.BrowserTests;

/// <summary>What a person does on the storefront, in the words of its pages (labels and button names, as a screen reader sees them).</summary>
public static partial class Storefront
{
    public const string ApprovedCard = "4242 4242 4242 4242";
    public const string DeclinedCard = "4000 0000 0000 0002";

    /// <summary>Opens the operations page, signing in with the operator key on the way.</summary>
    public static async Task SignInAsOperatorAsync(IPage page, string key = SystemFixture.OperatorKey)
    {
        await page.GotoAsync("/operations");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operator sign-in" })).ToBeVisibleAsync();
        await page.GetByLabel("Operator key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operations: orders canary" })).ToBeVisibleAsync();
    }

    /// <summary>Signs in from the storefront's header link, at the identity service's sign-in page, and comes back.</summary>
    public static async Task SignInAsync(IPage page, UserCredentials customer)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await ExpectIdentitySignInPageAsync(page);
        await SignInAtIdentityAsync(page, customer);
    }

    /// <summary>The identity service's sign-in page; if the browser ended elsewhere, the failure says where and what it shows.</summary>
    public static async Task ExpectIdentitySignInPageAsync(IPage page)
    {
        try
        {
            await Assertions.Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        }
        catch (PlaywrightException e)
        {
            var text = await page.Locator("body").InnerTextAsync();
            throw new InvalidOperationException($"Expected the identity service's sign-in page, but the browser is at {page.Url}: {text[..Math.Min(text.Length, 600)]}", e);
        }
    }

    /// <summary>On the identity service's sign-in page (where the storefront sent the person): email, password, back.</summary>
    public static async Task SignInAtIdentityAsync(IPage page, UserCredentials customer)
    {
        await page.GetByLabel("Email").FillAsync(customer.Email);
        await page.GetByLabel("Password").FillAsync(customer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
    }

    /// <summary>A new customer (registered at the identity service) signed in on this page's browser.</summary>
    public static async Task<UserCredentials> NewSignedInCustomerAsync(SystemFixture system, IPage page)
    {
        var customer = await system.RegisterCustomerAsync();
        await SignInAsync(page, customer);
        return customer;
    }

    public static async Task AddProductsToCartAsync(IPage page, int count)
    {
        await page.GotoAsync("/");
        for (var i = 0; i < count; i++)
        {
            var card = page.Locator(".product-card").Nth(i);
            await card.GetByRole(AriaRole.Button).ClickAsync();
            await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("is in your cart");
        }
    }

    public static async Task OpenCheckoutWithCardAsync(IPage page, string cardNumber)
    {
        await page.GotoAsync("/checkout");
        await page.GetByLabel("Card number").FillAsync(cardNumber);
        await page.GetByLabel("Expiry date (MM/YY)").FillAsync(TestCards.FutureExpiry);
        await page.GetByLabel("Security code (CVC)").FillAsync("123");
    }

    public static async Task<string> PlaceOrderAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order and pay" }).ClickAsync();
        return await WaitForOrderPageAsync(page);
    }

    public static async Task<string> WaitForOrderPageAsync(IPage page)
    {
        await page.WaitForURLAsync(OrderUrl());
        return OrderUrl().Match(page.Url).Groups["id"].Value;
    }

    /// <summary>The status page updates by itself; wait for the status without reloading.</summary>
    public static Task WaitForStatusAsync(IPage page, string status) =>
        Assertions.Expect(page.Locator($"[data-testid=order-status][data-status={status}]"))
            .ToBeVisibleAsync(new() { Timeout = 45_000 });

    [GeneratedRegex("/orders/(?<id>[0-9a-fA-F-]{36})")]
    private static partial Regex OrderUrl();
}
