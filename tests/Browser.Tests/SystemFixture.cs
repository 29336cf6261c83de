using ReferenceApp.Testing.Identity;
using Aspire.Hosting;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(ReferenceApp.BrowserTests.SystemFixture))]
// One AppHost and one Chromium already keep both cores busy; the scenarios also share the canary's weights.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ReferenceApp.BrowserTests;

/// <summary>
/// The whole system (the real AppHost in process mode, its own data folder, orchestrator-chosen ports: <see cref="RunningSystem"/>,
/// shared with System.Tests) and one headless
/// Debian Chromium, started once for every browser scenario of this assembly. Each scenario gets a fresh browser
/// context: a new visitor with no cookies.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly string[] Resources = ["postgres", "cache", "identity", "payments", "orders-v1", "orders-v2", "gateway", "frontend"];
    /// <summary>The AppHost's identity-storefront-secret: known here, so a scenario can read its orders with the customer's token.</summary>
    public const string StorefrontSecret = "browser-tests-storefront-secret-0123456789abcdef";
    /// <summary>The AppHost's gateway-admin-key (generated for local runs): known here, so a scenario can sign in as the operator.</summary>
    public const string OperatorKey = "browser-tests-operator-key-0123456789abcdef";
    /// <summary>The AppHost's identity-operator-password: the seeded demo operator's, so a scenario signs in with the account.</summary>
    public const string OperatorPassword = "browser-tests-operator-password-0123456789";
    /// <summary>The seeded demo operator (role operator) at the identity service.</summary>
    public static readonly UserCredentials Operator = new("operator@referenceapp.test", OperatorPassword);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? app;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private string? dataDirectory;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The system has not started.");

    public Uri FrontendUrl { get; private set; } = default!;

    public Uri IdentityUrl { get; private set; } = default!;

    /// <summary>A new customer account at the identity service (through its registration form).</summary>
    public Task<UserCredentials> RegisterCustomerAsync() =>
        new IdentityTokens(IdentityUrl).RegisterCustomerAsync(cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The customer's tokens, got as the storefront gets them (code + PKCE), for reading through the API what the pages did.</summary>
    public Task<TokenSet> TokensForAsync(UserCredentials customer) =>
        new IdentityTokens(IdentityUrl).SignInAsync(customer,
            new IdentityClient("storefront", StorefrontSecret, new Uri(FrontendUrl, "signin-oidc")),
            cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync()
    {
        dataDirectory = RunningSystem.NewDataDirectory("referenceapp-browser-");
        app = await RunningSystem.StartAsync(new SystemStart(dataDirectory, OperatorKey, StorefrontSecret, Resources, StartTimeout)
        {
            ExtraArgs = [$"--Parameters:identity-operator-password={OperatorPassword}"],
        });
        FrontendUrl = app.GetEndpoint("frontend", "http");
        IdentityUrl = app.GetEndpoint("identity", "http");

        // Two shared cores: pages that call several services may take longer than Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's Chromium: the test tools cannot download a browser of their own here.
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new visitor: own cookies (so an own anonymous customer and cart), phone or desktop width.</summary>
    public async Task<IBrowserContext> NewVisitorAsync(int width = 1280, int height = 900)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = FrontendUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    /// <summary>The gateway, for checking through the API what the pages did, as the customer the tokens belong to.</summary>
    public HttpClient CreateGatewayClient(TokenSet? customer = null)
    {
        var client = App.CreateHttpClient("gateway", "http");
        if (customer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", customer.AccessToken);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await RunningSystem.StopAsync(app);
        }

        if (dataDirectory is not null)
        {
            RunningSystem.TryDeleteDataDirectory(dataDirectory);
        }
    }
}
