using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using ReferenceApp.AppHost.Infrastructure;

namespace ReferenceApp.AppHost.Tests;

/// <summary>
/// What the dashboard shows a newcomer, read from the application model: the links' names, the parameters'
/// descriptions, and the traffic generator run like the other services (readable console logs, built-output launch). The URL callbacks are run the way the
/// orchestrator runs them once endpoints are allocated, on the URL it would have made for the "http" endpoint.
/// </summary>
public class DashboardTests
{
    private const string EndpointUrl = "http://localhost:41234";

    [Fact]
    public async Task The_frontend_links_the_storefront_and_the_operations_page()
    {
        var urls = await DashboardUrlsOf("frontend");

        Assert.Equal(
            [(DashboardLinks.Storefront, EndpointUrl), (DashboardLinks.OperationsPage, DashboardLinks.OperationsPath)],
            urls);
    }

    [Fact]
    public async Task The_gateway_links_the_public_api_and_its_catalogue()
    {
        var urls = await DashboardUrlsOf("gateway");

        Assert.Equal(
            [(DashboardLinks.PublicApi, EndpointUrl), (DashboardLinks.PublicApiProducts, DashboardLinks.ProductsPath)],
            urls);
    }

    [Theory]
    [InlineData("orders-v1", "Orders API v1 (direct)")]
    [InlineData("orders-v2", "Orders API v2 (direct)")]
    [InlineData("payments", "Payments API (direct)")]
    public async Task Internal_services_say_they_bypass_the_gateway(string service, string displayText)
    {
        var urls = await DashboardUrlsOf(service);

        Assert.Equal([(displayText, EndpointUrl)], urls);
    }

    [Fact]
    public void Every_parameter_has_a_description()
    {
        var builder = BuildModel();

        // The stand-in connection strings are parameters too; the AppHost declares no connection-string parameter.
        var parameters = builder.Resources.OfType<ParameterResource>().Where(p => !p.IsConnectionString).ToList();

        Assert.Equal(
            ["canary-weight", "gateway-admin-key", "identity-demo-customer-password", "identity-operator-password",
             "identity-orders-secret", "identity-storefront-secret", "identity-traffic-secret"],
            parameters.Select(p => p.Name).Order());
        Assert.All(parameters, parameter => Assert.False(string.IsNullOrWhiteSpace(parameter.Description), parameter.Name));
        Assert.Contains("Operations page", parameters.Single(p => p.Name == "gateway-admin-key").Description);
    }

    [Fact]
    public async Task The_traffic_generator_gets_readable_console_logs_like_the_other_services()
    {
        var builder = BuildModel("--TrafficGenerator:Enabled=true");

        foreach (var name in new[] { "traffic-generator", "gateway" })
        {
            var environment = await EnvironmentOf(builder, name);
            Assert.Equal("simple", environment.GetValueOrDefault("Logging__Console__FormatterName"));
        }
    }

    [Fact]
    public void The_traffic_generator_is_launched_from_its_built_output_like_the_other_services()
    {
        var builder = BuildModel("--TrafficGenerator:Enabled=true");

        foreach (var name in new[] { "traffic-generator", "gateway" })
        {
            var resource = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == name);
            var launch = Assert.Single(resource.Annotations.OfType<ExecutableAnnotation>());
            Assert.Equal("dotnet", launch.Command);
        }
    }

    [Fact]
    public void The_gateway_offers_the_canary_commands()
    {
        var gateway = BuildModel().Resources.OfType<ProjectResource>().Single(r => r.Name == "gateway");

        var commands = gateway.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name).ToList();

        Assert.Equal([CanaryCommands.Promote, CanaryCommands.RollBack, CanaryCommands.SetWeight], commands);
    }

    private static async Task<List<(string? DisplayText, string Url)>> DashboardUrlsOf(string resourceName)
    {
        var builder = BuildModel();
        var resource = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == resourceName);

        // The URL the orchestrator makes for the allocated "http" endpoint, before any callback runs.
        var urls = new List<ResourceUrlAnnotation> { new() { Url = EndpointUrl, Endpoint = resource.GetEndpoint("http") } };
        var context = new ResourceUrlsCallbackContext(builder.ExecutionContext, resource, urls, CancellationToken.None);
        foreach (var callback in resource.Annotations.OfType<ResourceUrlsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. urls.Select(url => (url.DisplayText, url.Url))];
    }

    private static async Task<Dictionary<string, string?>> EnvironmentOf(IDistributedApplicationBuilder builder, string resourceName)
    {
        var resource = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == resourceName);
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, resource, variables);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return variables.ToDictionary(v => v.Key, v => v.Value as string);
    }

    /// <summary>The services as the AppHost declares them, on stand-in connection strings (no database is started).</summary>
    private static IDistributedApplicationBuilder BuildModel(params string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });
        var infrastructure = new SystemInfrastructure(
            builder.AddConnectionString("ordersdb"), builder.AddConnectionString("paymentsdb"), builder.AddConnectionString("identitydb"),
            builder.AddConnectionString("cache"));
        builder.AddReferenceAppServices(infrastructure);
        return builder;
    }
}
