using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ReferenceApp.BrowserTests;

/// <summary>A person's paths through the storefront, in headless Chromium, against the whole running system.</summary>
public sealed class ShoppingTests(SystemFixture system)
{
    [Fact]
    public async Task A_person_shops_anonymously_signs_in_at_checkout_keeps_the_cart_pays_and_signs_out()
    {
        var customer = await system.RegisterCustomerAsync();
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Catalogue", Level = 1 })).ToBeVisibleAsync();
        await Storefront.AddProductsToCartAsync(page, 2);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Cart" }).ClickAsync();
        await page.Locator("input.quantity").First.FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update quantities" }).Last.ClickAsync();
        await Expect(page.GetByText("Your cart was updated.")).ToBeVisibleAsync();
        await Expect(page.Locator("input.quantity").First).ToHaveValueAsync("2");

        // Checkout needs the customer's account: the identity service's sign-in page, then back to checkout with the cart.
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to checkout" }).ClickAsync();
        await Storefront.ExpectIdentitySignInPageAsync(page);
        await Storefront.SignInAtIdentityAsync(page, customer);
        await page.WaitForURLAsync("**/checkout");
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(customer.Email);
        await Expect(page.Locator(".order-summary li")).ToHaveCountAsync(2); // the anonymous cart was kept
        await Expect(page.GetByText("4000 0000 0000 0002")).ToBeVisibleAsync(); // the test cards are listed
        await page.GetByLabel("Card number").FillAsync(Storefront.ApprovedCard);
        await page.GetByLabel("Expiry date (MM/YY)").FillAsync(TestCards.FutureExpiry);
        await page.GetByLabel("Security code (CVC)").FillAsync("123");
        var orderId = await Storefront.PlaceOrderAsync(page);

        await Storefront.WaitForStatusAsync(page, "Paid");
        await Expect(page.GetByTestId("orders-version")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^orders v[12]$"));
        await Expect(page.GetByTestId("cancel-order")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "whole-path-paid");

        var tokens = await system.TokensForAsync(customer);
        using var gateway = system.CreateGatewayClient(tokens);
        var order = await Api.GetOrderAsync(gateway, orderId);
        Assert.Equal("Paid", order.GetProperty("status").GetString());
        Assert.Equal(tokens.Subject, order.GetProperty("customerId").GetString());
        Assert.Equal(3, order.GetProperty("lines").EnumerateArray().Sum(line => line.GetProperty("quantity").GetInt32()));

        await page.GetByRole(AriaRole.Link, new() { Name = "All my orders" }).ClickAsync();
        await Expect(page.Locator($"tr[data-order-id='{orderId}'] [data-status=Paid]")).ToBeVisibleAsync();
        await page.GotoAsync("/cart");
        await Expect(page.GetByTestId("empty-cart")).ToBeVisibleAsync();
        await page.GotoAsync("/orders");
        await Screenshots.SaveAsync(page, "whole-path-history");

        // Signing out ends the session at the storefront and at the identity service: the history asks for a sign-in again.
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync("/orders");
        await Storefront.ExpectIdentitySignInPageAsync(page);
    }

    [Fact]
    public async Task A_declined_card_shows_the_decline()
    {
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        var customer = await Storefront.NewSignedInCustomerAsync(system, page);
        await Storefront.AddProductsToCartAsync(page, 1);

        await Storefront.OpenCheckoutWithCardAsync(page, Storefront.DeclinedCard);
        var orderId = await Storefront.PlaceOrderAsync(page);

        await Storefront.WaitForStatusAsync(page, "PaymentFailed");
        await Expect(page.GetByTestId("payment-failed")).ToContainTextAsync("declined");
        await Expect(page.GetByTestId("cancel-order")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Thank you! Your order was placed.")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "declined-card");

        using var gateway = system.CreateGatewayClient(await system.TokensForAsync(customer));
        var order = await Api.GetOrderAsync(gateway, orderId);
        Assert.Equal("card_declined", order.GetProperty("failureReason").GetString());

        // The person can try another card: the products go back into the cart and checkout opens.
        var product = order.GetProperty("lines")[0].GetProperty("productName").GetString()!;
        await page.GetByRole(AriaRole.Button, new() { Name = "Try again with another card" }).ClickAsync();
        await page.WaitForURLAsync("**/checkout");
        await Expect(page.Locator(".order-summary")).ToContainTextAsync(product);
    }

    [Fact]
    public async Task A_double_submit_places_exactly_one_order()
    {
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        var customer = await Storefront.NewSignedInCustomerAsync(system, page);
        await Storefront.AddProductsToCartAsync(page, 1);
        await Storefront.OpenCheckoutWithCardAsync(page, Storefront.ApprovedCard);

        // Two posts of the same rendered form, as an impatient double click sends them: one in the background,
        // one that the page follows. Both carry the form's idempotency key and anti-forgery token.
        await page.EvaluateAsync("""
            () => {
                const form = document.querySelector('form.card-form');
                fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin' });
                form.requestSubmit();
            }
            """);
        var orderId = await Storefront.WaitForOrderPageAsync(page);
        await Storefront.WaitForStatusAsync(page, "Paid");

        // And a refresh of the order page afterwards is only a read.
        await page.ReloadAsync();
        await Storefront.WaitForStatusAsync(page, "Paid");
        await Screenshots.SaveAsync(page, "double-submit-one-order");

        var tokens = await system.TokensForAsync(customer);
        using var gateway = system.CreateGatewayClient(tokens);
        var orders = await Api.GetCustomerOrdersAsync(gateway);
        Assert.Equal(orderId, Assert.Single(orders).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_mistyped_card_is_explained_next_to_its_field()
    {
        await using var visitor = await system.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        await Storefront.NewSignedInCustomerAsync(system, page);
        await Storefront.AddProductsToCartAsync(page, 1);

        await Storefront.OpenCheckoutWithCardAsync(page, "4242 4242 4242 4241");
        await page.GetByLabel("Security code (CVC)").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order and pay" }).ClickAsync();

        await Expect(page.GetByTestId("validation-summary")).ToBeVisibleAsync();
        await Expect(page.Locator("#card-number-error")).ToHaveTextAsync("This card number is not valid. Please check it for a typo.");
        await Expect(page.Locator("#card-cvc-error")).ToHaveTextAsync("The security code (CVC) is 3 or 4 digits.");
        await Expect(page.GetByLabel("Card number")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.EndsWith("/checkout", page.Url, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "checkout-validation");
    }
}
