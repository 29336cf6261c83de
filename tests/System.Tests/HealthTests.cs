using System.Net;

namespace ReferenceApp.SystemTests;

public class HealthTests(SystemFixture system)
{
    public static TheoryData<string> Services => new(ReferenceAppHost.Services);

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_is_ready_with_its_dependencies(string service)
    {
        using var client = system.Host.CreateHttpClient(service);

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_is_alive(string service)
    {
        using var client = system.Host.CreateHttpClient(service);

        var response = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task No_service_announces_its_web_server(string service)
    {
        using var client = system.Host.CreateHttpClient(service);

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), $"{service} sent Server: {string.Join(", ", response.Headers.Server)}");
    }

    [Fact]
    public async Task The_gateway_answers_without_naming_its_server_or_the_destinations()
    {
        using var client = system.Host.CreateHttpClient("gateway");

        var response = await client.GetAsync("/api/products");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task The_gateway_answers()
    {
        using var client = system.Host.CreateHttpClient("gateway");

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("orders-v1", "v1")]
    [InlineData("orders-v2", "v2")]
    public async Task Each_orders_instance_knows_its_version(string resource, string version)
    {
        using var client = system.Host.CreateHttpClient(resource);

        var response = await client.GetAsync("/health");

        Assert.Equal(version, Assert.Single(response.Headers.GetValues("X-Orders-Version")));
    }
}
