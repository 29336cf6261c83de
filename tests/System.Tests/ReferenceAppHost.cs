using ReferenceApp.Testing.Identity;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Testing;

namespace ReferenceApp.SystemTests;

/// <summary>
/// Starts the real AppHost in process mode (PostgreSQL and Redis as local processes) with its own data folder
/// and orchestrator-chosen ports, so it never collides with a developer's run or another test assembly
/// (<see cref="RunningSystem"/>, shared with Browser.Tests), and sends its telemetry to an <see cref="OtlpReceiver"/>.
/// </summary>
public sealed class ReferenceAppHost : IAsyncDisposable
{
    public static readonly string[] Services = ["payments", "orders-v1", "orders-v2", "gateway", "frontend"];
    public static readonly string[] Infrastructure = ["postgres", "ordersdb", "paymentsdb", "cache"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private ReferenceAppHost(DistributedApplication app, string dataDirectory, OtlpReceiver telemetry)
    {
        App = app;
        DataDirectory = dataDirectory;
        Telemetry = telemetry;
    }

    /// <summary>Where every service sends its traces, metrics and logs (OTLP/HTTP), as it would to a collector.</summary>
    public OtlpReceiver Telemetry { get; }

    public DistributedApplication App { get; }

    public string DataDirectory { get; }

    public static async Task<ReferenceAppHost> StartAsync(string? dataDirectory = null, params string[] extraArgs)
    {
        dataDirectory ??= RunningSystem.NewDataDirectory("referenceapp-system-");
        var telemetry = OtlpReceiver.Start();
        var app = await RunningSystem.StartAsync(new SystemStart(dataDirectory, GatewayClient.AdminKey, StorefrontSecret,
            [.. Infrastructure, .. Services], StartTimeout)
        {
            ExtraArgs = [$"--Telemetry:OtlpEndpoint={telemetry.Endpoint}", .. extraArgs],
            Configure = builder =>
            {
                foreach (var project in builder.Resources.OfType<ProjectResource>())
                {
                    // Every request is logged (path included), so a test can see that an order's own log lines were written
                    // and exported before it looks through them for what must not be there.
                    builder.CreateResourceBuilder(project).WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information");
                }

                // On 2 shared cores a scheduling stall puts hundreds of milliseconds into one version's p95 (v2 serves a
                // tenth of the requests, so fewer are warm), and the latency comparison rolled a healthy canary back
                // mid-test. The system tests judge the canary on errors and dead instances; the latency rule is covered by
                // Gateway.Tests.
                builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "gateway"))
                    .WithEnvironment("Canary__Analysis__LatencyToleranceMilliseconds", "2000");
            },
        });
        return new ReferenceAppHost(app, dataDirectory, telemetry);
    }

    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource, "http");

    /// <summary>The storefront's client secret, fixed so the tests can sign customers in as the storefront does.</summary>
    public const string StorefrontSecret = "system-tests-storefront-secret-0123456789";

    private Task<TokenSet>? customer;

    /// <summary>
    /// A gateway client signed in as a customer registered for this run at the real identity service, with a token from
    /// the authorization code + PKCE flow of the storefront client (the same customer for every caller of this host).
    /// </summary>
    public async Task<HttpClient> SignedInGatewayAsync(CancellationToken cancellationToken = default)
    {
        var client = CreateHttpClient("gateway");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await CustomerAccessTokenAsync(cancellationToken));
        return client;
    }

    /// <summary>The access token of the run's customer (see <see cref="SignedInGatewayAsync"/>).</summary>
    public async Task<string> CustomerAccessTokenAsync(CancellationToken cancellationToken = default) =>
        (await (customer ??= SignInNewCustomerAsync(cancellationToken))).AccessToken;

    private async Task<TokenSet> SignInNewCustomerAsync(CancellationToken cancellationToken)
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync("identity", cancellationToken);
        var identity = new IdentityTokens(App.GetEndpoint("identity", "http"));
        var user = await identity.RegisterCustomerAsync(cancellationToken: cancellationToken);
        var storefront = new IdentityClient("storefront", StorefrontSecret, new Uri(App.GetEndpoint("frontend", "http"), "signin-oidc"));
        return await identity.SignInAsync(user, storefront, cancellationToken: cancellationToken);
    }

    /// <summary>Everything a resource has written to its console so far.</summary>
    public async Task<string> ConsoleLogsAsync(string resource)
    {
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        // By the resource, not its name: the orchestrator's logs are kept under the resource's generated instance name.
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var text = new System.Text.StringBuilder();
        await foreach (var batch in logs.GetAllAsync(model.Resources.Single(r => r.Name == resource)))
        {
            foreach (var line in batch)
            {
                text.AppendLine(line.Content);
            }
        }

        return text.ToString();
    }

    /// <summary>Waits until the resource's console shows <paramref name="text"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForConsoleAsync(string resource, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var logs = await ConsoleLogsAsync(resource);
            if (logs.Contains(text, StringComparison.Ordinal))
            {
                return logs;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The console of {resource} ({logs.Length} characters) did not show '{text}' within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(250);
        }
    }

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string");

    /// <summary>The process id the orchestrator reports for one resource.</summary>
    public int ProcessIdOf(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var state) &&
        state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid &&
        int.TryParse(pid.ToString(), out var id)
            ? id
            : throw new InvalidOperationException($"{resource} reports no process id");

    /// <summary>The process ids the orchestrator reports for every executable and project resource.</summary>
    public IReadOnlyList<int> ProcessIds()
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var ids = new List<int>();
        foreach (var resource in model.Resources)
        {
            if (App.ResourceNotifications.TryGetCurrentState(resource.Name, out var state) &&
                state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid &&
                int.TryParse(pid.ToString(), out var id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        await RunningSystem.StopAsync(App);
        await Telemetry.DisposeAsync();
    }
}
