using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

/// <summary>The gateway gets the signed-in customer's saved access token, and nothing for an anonymous visitor.</summary>
public sealed class GatewayTokenHandlerTests
{
    [Fact]
    public async Task A_signed_in_customers_call_carries_their_saved_access_token()
    {
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = "the-customers-token" }]);
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "customer-1")], CookieAuthenticationDefaults.AuthenticationScheme));

        var received = await SendAsync(new SignedIn(user, properties));

        Assert.Equal("Bearer", received.Headers.Authorization?.Scheme);
        Assert.Equal("the-customers-token", received.Headers.Authorization?.Parameter);
    }

    [Fact]
    public async Task An_anonymous_visitors_call_carries_no_token()
    {
        var received = await SendAsync(new SignedIn(new ClaimsPrincipal(new ClaimsIdentity()), new AuthenticationProperties()));

        Assert.Null(received.Headers.Authorization);
    }

    private static async Task<HttpRequestMessage> SendAsync(SignedIn session)
    {
        var services = new ServiceCollection().AddSingleton<IAuthenticationService>(session).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, User = session.User };
        var gateway = new StubGateway((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = new HttpClient(new GatewayTokenHandler(new HttpContextAccessor { HttpContext = context }) { InnerHandler = gateway });

        await client.GetAsync("http://gateway/api/orders");

        return Assert.Single(gateway.Received).Request;
    }

    /// <summary>The session cookie's content as the cookie handler would read it back.</summary>
    private sealed class SignedIn(ClaimsPrincipal user, AuthenticationProperties properties) : IAuthenticationService
    {
        public ClaimsPrincipal User => user;

        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) =>
            Task.FromResult(user.Identity?.IsAuthenticated == true
                ? AuthenticateResult.Success(new AuthenticationTicket(user, properties, CookieAuthenticationDefaults.AuthenticationScheme))
                : AuthenticateResult.NoResult());

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();
        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();
        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) => throw new NotSupportedException();
        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();
    }
}
