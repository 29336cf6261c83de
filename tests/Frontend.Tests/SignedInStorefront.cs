using System.Net;
using System.Web;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ReferenceApp.Testing.Identity;

namespace ReferenceApp.Frontend.Tests;

/// <summary>
/// A storefront replica (on the given Redis, stubbed gateway, optionally a fake clock) whose customers sign in at the
/// real identity service (<see cref="IdentityService"/>, real PostgreSQL) through its pages, with one browser (cookies
/// kept, no redirects followed). The storefront's backchannel to the identity service counts the refresh grants it sends,
/// and its log keeps the warnings, so a test can tell what the storefront did.
/// </summary>
internal sealed class SignedInStorefront : IAsyncDisposable
{
    private readonly RefreshCounter refreshes = new();
    private readonly WarningLog warnings = new();

    public SignedInStorefront(string redisConnectionString, string identityDatabase, StubGateway gateway, FakeTimeProvider? clock = null)
    {
        Gateway = gateway;
        Identity = new IdentityService(identityDatabase);
        refreshes.InnerHandler = Identity.Server.CreateHandler();
        Storefront = new FrontendReplica(redisConnectionString, gateway, ("Identity:Authority", IdentityService.Authority.ToString()))
        {
            ConfigureTestServices = services =>
            {
                if (clock is not null)
                {
                    services.AddSingleton<TimeProvider>(clock);
                }

                // Configure, not PostConfigure: the handler's own post-configuration builds the backchannel from it.
                services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options => options.BackchannelHttpHandler = refreshes);
                services.AddSingleton<ILoggerProvider>(warnings);
            },
        };
        Browser = Storefront.CreateDefaultClient(IdentityService.StorefrontUrl, new CookieContainerHandler(Cookies));
    }

    public IdentityService Identity { get; }

    public FrontendReplica Storefront { get; }

    public StubGateway Gateway { get; }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Browser { get; }

    /// <summary>Refresh-token grants the storefront has sent to the identity service.</summary>
    public int Refreshes => refreshes.Count;

    /// <summary>Warnings (and worse) the storefront logged, as "category: message".</summary>
    public IReadOnlyList<string> Warnings => warnings.Entries;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// A new customer starts signing in at the storefront and signs in at the identity service, which sends the browser
    /// back with a code: the returned URL, not yet opened (<see cref="CompleteSignInAsync"/>).
    /// </summary>
    public async Task<(UserCredentials Customer, Uri BackToStorefront)> StartSignInAsync(string returnUrl = "/orders")
    {
        var identity = new IdentityTokens(IdentityService.Authority, Identity.Server.CreateHandler);
        var customer = await identity.RegisterCustomerAsync(cancellationToken: Cancellation);
        using var identityBrowser = identity.NewBrowser();

        var toIdentity = Location(await Browser.GetAsync($"/account/signin?returnUrl={Uri.EscapeDataString(returnUrl)}", Cancellation));
        var toSignIn = await identity.ExpectRedirectAsync("Authorization request", await identityBrowser.Http.GetAsync(toIdentity, Cancellation), Cancellation);
        var signedIn = await identityBrowser.SubmitFormAsync(toSignIn, new Dictionary<string, string>
        {
            ["Email"] = customer.Email,
            ["Password"] = customer.Password,
            ["ReturnUrl"] = HttpUtility.ParseQueryString(toSignIn.Query)["ReturnUrl"] ?? "",
        }, Cancellation);
        var backToAuthorize = await identity.ExpectRedirectAsync("Sign-in", signedIn, Cancellation);
        var toStorefront = await identity.ExpectRedirectAsync("Authorization after sign-in",
            await identityBrowser.Http.GetAsync(backToAuthorize, Cancellation), Cancellation);
        Assert.StartsWith(new Uri(IdentityService.StorefrontUrl, "signin-oidc").ToString(), toStorefront.ToString(), StringComparison.Ordinal);
        return (customer, toStorefront);
    }

    /// <summary>Opens the identity service's redirect at the storefront (which redeems the code); returns where it sends the browser.</summary>
    public async Task<string> CompleteSignInAsync(Uri backToStorefront)
    {
        var landed = Location(await Browser.GetAsync(backToStorefront, Cancellation));
        return landed.IsAbsoluteUri ? landed.PathAndQuery : landed.OriginalString;
    }

    /// <summary>Opens the order history and returns the access token its one gateway call carried.</summary>
    public async Task<string> OrderHistoryTokenAsync()
    {
        var callsBefore = GatewayCalls();
        using var page = await Browser.GetAsync("/orders", Cancellation);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        lock (Gateway.Received)
        {
            var call = Assert.Single(Gateway.Received.Skip(callsBefore));
            Assert.Equal("/api/orders", call.Request.RequestUri!.AbsolutePath);
            Assert.Equal("Bearer", call.Request.Headers.Authorization?.Scheme);
            return call.Request.Headers.Authorization!.Parameter!;
        }
    }

    public int GatewayCalls()
    {
        lock (Gateway.Received)
        {
            return Gateway.Received.Count;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await Storefront.DisposeAsync();
        await Identity.DisposeAsync();
        refreshes.Dispose();
    }

    public static Uri Location(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}");
            return response.Headers.Location!;
        }
    }

    /// <summary>The storefront's backchannel to the identity service, counting the refresh-token grants it sends.</summary>
    private sealed class RefreshCounter : DelegatingHandler
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.Content is not null
                && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains("grant_type=refresh_token", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Keeps what the storefront logs at Warning and above.</summary>
    private sealed class WarningLog : ILoggerProvider
    {
        private readonly List<string> entries = [];

        public IReadOnlyList<string> Entries
        {
            get
            {
                lock (entries)
                {
                    return [.. entries];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(WarningLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lock (log.entries)
                    {
                        log.entries.Add($"{category}: {formatter(state, exception)}");
                    }
                }
            }
        }
    }
}
