using Microsoft.AspNetCore.Http;
using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

public sealed class CustomerIdentityTests
{
    [Fact]
    public void A_first_visit_gets_a_new_http_only_customer_cookie()
    {
        var context = new DefaultHttpContext();

        CustomerIdentity.Ensure(context);

        var setCookie = context.Response.Headers.SetCookie.ToString();
        Assert.StartsWith(CustomerIdentity.CookieName + "=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        var id = new CustomerIdentity(new HttpContextAccessor { HttpContext = context }).CustomerId;
        Assert.True(CustomerIdentity.IsValid(id));
    }

    [Fact]
    public void A_returning_visitor_keeps_their_id()
    {
        var context = new DefaultHttpContext();
        var id = Guid.NewGuid().ToString("N");
        context.Request.Headers.Cookie = $"{CustomerIdentity.CookieName}={id}";

        CustomerIdentity.Ensure(context);

        Assert.Equal(id, new CustomerIdentity(new HttpContextAccessor { HttpContext = context }).CustomerId);
        Assert.Empty(context.Response.Headers.SetCookie.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("customer-42")]
    [InlineData("0f8b2c1e-6a57-4b7f-9d8e-2a1c3b4d5e6f")]
    [InlineData("*:{x}:*")]
    public void A_tampered_cookie_is_replaced(string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"{CustomerIdentity.CookieName}={value}";

        CustomerIdentity.Ensure(context);

        Assert.NotEqual(value, new CustomerIdentity(new HttpContextAccessor { HttpContext = context }).CustomerId);
    }
}
