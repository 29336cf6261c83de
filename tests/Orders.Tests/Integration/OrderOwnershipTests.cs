using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReferenceApp.Orders.Tests.Integration;

/// <summary>
/// Orders trusts the token, not the body: the customer is the token's subject. A customer lists, reads and cancels only
/// its own orders; another customer's order is 404 like one that does not exist.
/// </summary>
public sealed class OrderOwnershipTests(OrdersSystemFixture fixture) : IClassFixture<OrdersSystemFixture>
{
    private readonly OrdersSystem system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/orders" },
        { "GET", "/api/orders" },
        { "GET", "/api/orders/0f8b2c1e-6a57-4b7f-9d8e-2a1c3b4d5e6f" },
        { "POST", "/api/orders/0f8b2c1e-6a57-4b7f-9d8e-2a1c3b4d5e6f/cancel" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_anonymous_call_is_a_401_problem_and_writes_nothing(string method, string path)
    {
        var before = await system.CountAllAsync();
        using var anonymous = system.Orders.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(OrdersSystem.OrderJson(), System.Text.Encoding.UTF8, "application/json");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        await Problems.AssertAsync(await anonymous.SendAsync(request, Cancellation), HttpStatusCode.Unauthorized);
        Assert.Equal(before, await system.CountAllAsync());
    }

    [Fact]
    public async Task The_catalogue_needs_no_sign_in()
    {
        using var anonymous = system.Orders.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/products", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task A_customer_cannot_read_list_or_cancel_another_customers_order()
    {
        using var a = system.ClientAs("owner-a");
        using var b = system.ClientAs("other-b");
        var id = (await system.PlaceOkAsync(OrdersSystem.OrderJson(), a)).GetProperty("id").GetString()!;
        await system.WaitUntilSettledAsync([id]);

        var read = await b.GetAsync($"/api/orders/{id}", Cancellation);
        var listed = await b.GetFromJsonAsync<JsonElement>("/api/orders?customerId=owner-a", Cancellation);
        var cancel = await b.PostAsync($"/api/orders/{id}/cancel", null, Cancellation);
        var missing = await b.GetAsync($"/api/orders/{Guid.NewGuid()}", Cancellation);

        var readProblem = await Problems.AssertAsync(read, HttpStatusCode.NotFound);
        await Problems.AssertAsync(cancel, HttpStatusCode.NotFound);
        var missingProblem = await Problems.AssertAsync(missing, HttpStatusCode.NotFound);
        Assert.Equal(missingProblem.GetProperty("title").GetString(), readProblem.GetProperty("title").GetString());
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == id);
        var own = await a.GetFromJsonAsync<JsonElement>($"/api/orders/{id}", Cancellation);
        Assert.Equal("Paid", own.GetProperty("status").GetString()); // B's cancel refunded nothing
        Assert.Contains((await a.GetFromJsonAsync<JsonElement>("/api/orders", Cancellation)).GetProperty("items").EnumerateArray(),
            o => o.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_body_naming_another_customer_places_the_order_for_the_signed_in_one()
    {
        using var a = system.ClientAs("signed-in-a");
        using var victim = system.ClientAs("victim-b");

        var order = await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "victim-b"), a);
        var id = order.GetProperty("id").GetString()!;

        Assert.Equal("signed-in-a", order.GetProperty("customerId").GetString());
        Assert.Equal("signed-in-a", await OrdersSystem.ScalarAsync<string>(system.OrdersConnectionString, $"select customer_id from orders where id = '{id}'"));
        Assert.Empty((await victim.GetFromJsonAsync<JsonElement>("/api/orders", Cancellation)).GetProperty("items").EnumerateArray());
        await Problems.AssertAsync(await victim.GetAsync($"/api/orders/{id}", Cancellation), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_customer_reusing_an_idempotency_key_gets_no_replay_of_the_first_customers_order()
    {
        using var a = system.ClientAs("key-owner-a");
        using var b = system.ClientAs("key-guesser-b");
        var key = Guid.NewGuid().ToString();
        var json = OrdersSystem.OrderJson();
        Assert.Equal(HttpStatusCode.Created, (await system.PlaceAsync(key, json, a)).StatusCode);

        var guessed = await system.PlaceAsync(key, json, b);

        var body = await guessed.Content.ReadAsStringAsync(Cancellation);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, guessed.StatusCode);
        Assert.DoesNotContain("key-owner-a", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_payment_is_recorded_for_the_orders_customer_who_alone_reads_it_at_payments()
    {
        using var a = system.ClientAs("payer-a");
        var id = (await system.PlaceOkAsync(OrdersSystem.OrderJson(customerId: "someone-else"), a)).GetProperty("id").GetString()!;
        Assert.Equal("Paid", (await system.WaitUntilSettledAsync([id]))[id]);

        var own = await system.PaymentsReader("payer-a").GetFromJsonAsync<JsonElement>($"/api/payments?orderId={id}", Cancellation);
        var others = await system.PaymentsReader("someone-else").GetFromJsonAsync<JsonElement>($"/api/payments?orderId={id}", Cancellation);

        Assert.Equal("payer-a", Assert.Single(own.EnumerateArray()).GetProperty("customerId").GetString());
        Assert.Equal(0, others.GetArrayLength());
    }
}
