using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReferenceApp.Frontend.Components.Pages;
using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

/// <summary>
/// The checkout page rendered by bUnit, with the cart in a real Redis and the gateway's answers stubbed:
/// validation a person understands, the idempotency key carried by the form, and what each service answer shows.
/// </summary>
public sealed class CheckoutPageTests : BunitContext
{
    /// <summary>The cart comes from a real Redis; on a busy shared machine that can take longer than bUnit's default second.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static readonly Product Beans = new("coffee-beans-1kg", "Single-Origin Coffee Beans 1 kg", 24.90m, "EUR");

    private readonly string customer = RedisFixture.NewCustomerId();
    private readonly CartStore carts;
    private Func<HttpRequestMessage, string?, HttpResponseMessage> answer =
        (_, _) => StubGateway.Json(HttpStatusCode.Created, OrdersClientTests.OrderJson);
    private readonly StubGateway gateway;

    public CheckoutPageTests(RedisFixture redis)
    {
        carts = new CartStore(redis.Connection);
        gateway = new StubGateway((request, body) => answer(request, body));
        var httpContext = new DefaultHttpContext();
        httpContext.Request.Headers.Cookie = $"{CustomerIdentity.CookieName}={customer}";
        CustomerIdentity.Ensure(httpContext);

        Services.AddSingleton<IHttpContextAccessor>(new FixedHttpContextAccessor(httpContext));
        Services.AddScoped<CustomerIdentity>();
        Services.AddSingleton(carts);
        Services.AddSingleton(new OrdersClient(gateway.Client(), NullLogger<OrdersClient>.Instance));
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task An_empty_cart_has_nothing_to_pay_for()
    {
        var page = Render<Checkout>();

        await page.WaitForElementAsync("[data-testid=empty-cart]", Patience);
        Assert.Empty(page.FindAll("form"));
    }

    [Fact]
    public async Task The_page_lists_the_test_cards_and_labels_every_field()
    {
        await carts.AddAsync(customer, Beans);
        var page = Render<Checkout>();
        await page.WaitForElementAsync("#card-number", Patience);

        Assert.Contains("4242 4242 4242 4242", page.Find(".test-cards").TextContent, StringComparison.Ordinal);
        Assert.Contains("4000 0000 0000 0002", page.Find(".test-cards").TextContent, StringComparison.Ordinal);
        foreach (var id in new[] { "card-number", "card-expiry", "card-cvc" })
        {
            Assert.NotEmpty(page.Find($"label[for={id}]").TextContent.Trim());
        }
    }

    [Fact]
    public async Task An_incomplete_form_explains_each_field_and_sends_nothing()
    {
        await carts.AddAsync(customer, Beans);
        var page = Render<Checkout>();
        await page.WaitForElementAsync("#card-number", Patience);
        page.Find("#card-number").Change("4242 4242 4242 4241");
        page.Find("#card-expiry").Change("10/26");

        await page.Find("form").SubmitAsync();

        Assert.NotNull(page.Find("[data-testid=validation-summary]"));
        Assert.Equal("This card number is not valid. Please check it for a typo.", page.Find("#card-number-error").TextContent.Trim());
        Assert.Equal("This card expired at the end of 10/26. Please use a card that is still valid.", page.Find("#card-expiry-error").TextContent.Trim());
        Assert.Equal("Enter the security code (CVC): the 3 or 4 digits on the card.", page.Find("#card-cvc-error").TextContent.Trim());
        Assert.Equal("true", page.Find("#card-number").GetAttribute("aria-invalid"));
        Assert.Empty(gateway.Received);
    }

    [Fact]
    public async Task A_valid_card_places_the_order_with_the_forms_key_empties_the_cart_and_shows_the_order()
    {
        await carts.AddAsync(customer, Beans, 3);
        var page = Render<Checkout>();
        await page.WaitForElementAsync("#card-number", Patience);
        var key = page.Find("input[name='Model.IdempotencyKey']").GetAttribute("value");

        await FillValidCardAndSubmitAsync(page);

        var (request, body) = Assert.Single(gateway.Received);
        Assert.Equal(key, Assert.Single(request.Headers.GetValues("Idempotency-Key")));
        Assert.Contains("\"quantity\":3", body, StringComparison.Ordinal);
        Assert.Contains("\"number\":\"4242424242424242\"", body, StringComparison.Ordinal);
        Assert.Equal("http://localhost/orders/0f8b2c1e-6a57-4b7f-9d8e-2a1c3b4d5e6f?placed=true", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.True((await carts.GetAsync(customer)).IsEmpty);
    }

    [Fact]
    public async Task Submitting_the_same_form_again_goes_to_the_order_it_placed_without_asking_again()
    {
        await carts.AddAsync(customer, Beans);
        var page = Render<Checkout>();
        await page.WaitForElementAsync("#card-number", Patience);
        await FillValidCardAndSubmitAsync(page);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/checkout");

        await page.Find("form").SubmitAsync();

        Assert.Single(gateway.Received);
        Assert.Equal("http://localhost/orders/0f8b2c1e-6a57-4b7f-9d8e-2a1c3b4d5e6f?placed=true", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_card_the_orders_service_refuses_shows_its_message_on_the_card_field_and_keeps_the_cart()
    {
        answer = (_, _) => StubGateway.Json(HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"card.number":["The card number is not valid."]}}""",
            "application/problem+json");
        await carts.AddAsync(customer, Beans);
        var page = Render<Checkout>();
        await page.WaitForElementAsync("#card-number", Patience);

        await FillValidCardAndSubmitAsync(page);

        Assert.Equal("The card number is not valid.", page.Find("#card-number-error").TextContent.Trim());
        Assert.False((await carts.GetAsync(customer)).IsEmpty);
    }

    [Fact]
    public async Task When_the_service_is_down_the_page_says_so_and_a_retry_reuses_the_same_key()
    {
        answer = (_, _) => StubGateway.Json(HttpStatusCode.ServiceUnavailable, """{"title":"Service unavailable","status":503}""", "application/problem+json");
        await carts.AddAsync(customer, Beans);
        var page = Render<Checkout>();
        await page.WaitForElementAsync("#card-number", Patience);
        var key = page.Find("input[name='Model.IdempotencyKey']").GetAttribute("value");

        await FillValidCardAndSubmitAsync(page);
        Assert.Contains("never be charged twice", page.Find("[data-testid=problem]").TextContent, StringComparison.Ordinal);
        Assert.Equal(key, page.Find("input[name='Model.IdempotencyKey']").GetAttribute("value"));

        await page.Find("form").SubmitAsync();

        Assert.Equal(2, gateway.Received.Count);
        Assert.All(gateway.Received, sent => Assert.Equal(key, Assert.Single(sent.Request.Headers.GetValues("Idempotency-Key"))));
        Assert.DoesNotContain("Exception", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_rendered_checkout_form_gets_its_own_key()
    {
        await carts.AddAsync(customer, Beans);
        var first = Render<Checkout>();
        var second = Render<Checkout>();
        await first.WaitForElementAsync("#card-number", Patience);
        await second.WaitForElementAsync("#card-number", Patience);

        Assert.NotEqual(
            first.Find("input[name='Model.IdempotencyKey']").GetAttribute("value"),
            second.Find("input[name='Model.IdempotencyKey']").GetAttribute("value"));
    }

    private static async Task FillValidCardAndSubmitAsync(IRenderedComponent<Checkout> page)
    {
        page.Find("#card-number").Change("4242 4242 4242 4242");
        page.Find("#card-expiry").Change("12/30");
        page.Find("#card-cvc").Change("123");
        await page.Find("form").SubmitAsync();
    }

    private sealed class FixedHttpContextAccessor(HttpContext context) : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get => context; set { } }
    }
}
