using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ReferenceApp.Gateway.Canary.Routing;
using ReferenceApp.Gateway.Canary.State;
using ReferenceApp.Gateway.Canary;
using ReferenceApp.Gateway.Operators;
using ReferenceApp.Gateway.Tests.Support;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace ReferenceApp.Gateway.Tests.Unit;

public sealed class WeightedVersionPolicyTests
{
    private static readonly DestinationState V1 = Destination("orders-v1", "v1");
    private static readonly DestinationState V2 = Destination("orders-v2", "v2");
    private static readonly ClusterState Cluster = new("orders");
    private const string AdminKey = "unit-admin-key-0123456789";

    [Fact]
    public void A_new_client_gets_the_cookie_of_the_version_that_served_it()
    {
        var policy = Policy(weight: 50);
        var context = new DefaultHttpContext();

        var picked = policy.PickDestination(context, Cluster, [V1, V2]);

        var cookie = Assert.Single(context.Response.Headers.SetCookie);
        Assert.StartsWith($"{VersionStickiness.CookieName}={(picked == V2 ? "v2" : "v1")};", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_with_the_cookie_lands_on_its_version_without_a_new_cookie()
    {
        var policy = Policy(weight: 10);
        for (var i = 0; i < 200; i++)
        {
            var context = Request(cookie: "v2");

            Assert.Same(V2, policy.PickDestination(context, Cluster, [V1, V2]));
            Assert.Equal(0, context.Response.Headers.SetCookie.Count);
        }
    }

    [Theory]
    [InlineData("canary-version=v2")]
    [InlineData("session=abc; canary-version=v2; theme=dark")]
    [InlineData("session=abc;canary-version=\"v2\"")]
    public void The_cookie_is_found_among_others(string cookieHeader)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = cookieHeader;

        Assert.Same(V2, Policy(weight: 1).PickDestination(context, Cluster, [V1, V2]));
    }

    [Fact]
    public void Returning_and_pinned_clients_are_routed_without_allocating()
    {
        var policy = Policy(weight: 10);
        var sticky = Request(cookie: "v2");
        sticky.Request.Headers.Cookie = "session=abc; canary-version=v2";
        var pinned = Request(overrideHeader: "v1", asOperator: true);
        IReadOnlyList<DestinationState> available = [V1, V2];
        policy.PickDestination(sticky, Cluster, available);
        policy.PickDestination(pinned, Cluster, available);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            policy.PickDestination(sticky, Cluster, available);
            policy.PickDestination(pinned, Cluster, available);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void An_operators_override_header_pins_the_request()
    {
        var policy = Policy(weight: 0);
        var context = Request(overrideHeader: "v2", asOperator: true);

        Assert.Same(V2, policy.PickDestination(context, Cluster, [V1, V2]));
        Assert.Equal(0, context.Response.Headers.SetCookie.Count);
        Assert.True(OperatorOverride.IsSet(context));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-admin-key-at-all")]
    public void An_override_header_without_the_admin_key_is_ignored(string? presentedKey)
    {
        var policy = Policy(weight: 0);
        for (var i = 0; i < 100; i++)
        {
            var context = Request(overrideHeader: "v2");
            if (presentedKey is not null)
            {
                context.Request.Headers[AdminCredential.HeaderName] = presentedKey;
            }

            // Weight 0: the weighted choice is v1 every time, and the request counts as ordinary traffic.
            Assert.Same(V1, policy.PickDestination(context, Cluster, [V1, V2]));
            Assert.False(OperatorOverride.IsSet(context));
        }
    }

    [Fact]
    public void An_operators_token_pins_the_request_without_any_key()
    {
        var policy = Policy(weight: 0, breakGlass: false);
        var context = Request(overrideHeader: "v2");
        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "operator-1"), new Claim("role", "operator")], "Bearer", "sub", "role"));

        Assert.Same(V2, policy.PickDestination(context, Cluster, [V1, V2]));
        Assert.True(OperatorOverride.IsSet(context));
    }

    [Fact]
    public void With_break_glass_off_the_admin_key_no_longer_pins_and_neither_does_a_customers_token()
    {
        var policy = Policy(weight: 0, breakGlass: false);
        var withKey = Request(overrideHeader: "v2", asOperator: true);
        var customer = Request(overrideHeader: "v2");
        customer.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "customer-1"), new Claim("role", "customer")], "Bearer", "sub", "role"));

        Assert.Same(V1, policy.PickDestination(withKey, Cluster, [V1, V2]));
        Assert.Same(V1, policy.PickDestination(customer, Cluster, [V1, V2]));
        Assert.False(OperatorOverride.IsSet(withKey) || OperatorOverride.IsSet(customer));
    }

    [Fact]
    public void When_the_chosen_version_is_unavailable_the_other_one_serves()
    {
        var policy = Policy(weight: 100);

        Assert.Same(V1, policy.PickDestination(Request(cookie: "v2"), Cluster, [V1]));
        Assert.Same(V1, policy.PickDestination(Request(overrideHeader: "v2", asOperator: true), Cluster, [V1]));
        Assert.Null(policy.PickDestination(Request(), Cluster, []));
    }

    [Fact]
    public void A_sticky_client_whose_version_is_down_keeps_its_cookie_for_when_it_is_back()
    {
        var context = Request(cookie: "v2");

        Policy(weight: 50).PickDestination(context, Cluster, [V1]);

        Assert.Equal(0, context.Response.Headers.SetCookie.Count);
    }

    private static WeightedVersionPolicy Policy(int weight, bool breakGlass = true) => new(
        new LiveCanaryState(CanarySnapshot.FromConfiguration(weight, DateTimeOffset.UnixEpoch)),
        new VersionSelector(new Random(5)),
        new VersionStickiness(Options.Create(new CanaryOptions()),
            new StaticOptionsMonitor<GatewayOptions>(new GatewayOptions { AdminKey = AdminKey, AdminKeyBreakGlass = breakGlass })));

    private static DefaultHttpContext Request(string? cookie = null, string? overrideHeader = null, bool asOperator = false)
    {
        var context = new DefaultHttpContext();
        if (asOperator)
        {
            context.Request.Headers[AdminCredential.HeaderName] = AdminKey;
        }

        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"{VersionStickiness.CookieName}={cookie}";
        }

        if (overrideHeader is not null)
        {
            context.Request.Headers[VersionStickiness.OverrideHeader] = overrideHeader;
        }

        return context;
    }

    private static DestinationState Destination(string id, string version) => new(id, new DestinationModel(new DestinationConfig
    {
        Address = $"http://{id}",
        Metadata = new Dictionary<string, string> { [CanaryDestinations.VersionMetadataKey] = version },
    }));
}
