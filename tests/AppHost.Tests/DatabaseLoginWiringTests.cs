using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using ReferenceApp.AppHost.Infrastructure;

namespace ReferenceApp.AppHost.Tests;

/// <summary>
/// Each service reaches PostgreSQL with its own login role (issue 15 item 5), in process mode, container mode and the
/// manifest alike: its connection string names its role and a generated secret password, never the superuser.
/// </summary>
public class DatabaseLoginWiringTests
{
    public static TheoryData<string, string, string, string> ServiceDatabases => new()
    {
        { "processes", "orders-v1", "ordersdb", "orders" },
        { "processes", "orders-v2", "ordersdb", "orders" },
        { "processes", "payments", "paymentsdb", "payments" },
        { "containers", "orders-v1", "ordersdb", "orders" },
        { "containers", "payments", "paymentsdb", "payments" },
        { "publish", "orders-v1", "ordersdb", "orders" },
        { "publish", "payments", "paymentsdb", "payments" },
    };

    [Theory]
    [MemberData(nameof(ServiceDatabases))]
    public async Task A_service_connects_to_its_database_as_its_own_role_with_a_secret_password(string mode, string service, string database, string role)
    {
        var builder = BuildModel(mode);

        var connectionString = await ConnectionStringManifestExpressionAsync(builder, service, database);

        Assert.Contains($"Username={role};", connectionString, StringComparison.Ordinal);
        Assert.Contains($"Database={database}", connectionString, StringComparison.Ordinal);
        Assert.Contains($"Password={{{database}-password.value}}", connectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("postgres-password", connectionString, StringComparison.Ordinal);
        Assert.Contains("{postgres.bindings.tcp.host}", connectionString, StringComparison.Ordinal);
        Assert.Contains("{postgres.bindings.tcp.port}", connectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("processes")]
    [InlineData("containers")]
    [InlineData("publish")]
    public void The_role_passwords_are_generated_secret_parameters_with_a_description(string mode)
    {
        var builder = BuildModel(mode);

        foreach (var name in new[] { "ordersdb-password", "paymentsdb-password" })
        {
            var parameter = builder.Resources.OfType<ParameterResource>().Single(p => p.Name == name);
            Assert.True(parameter.Secret, name);
            Assert.NotNull(parameter.Default);
            Assert.False(string.IsNullOrWhiteSpace(parameter.Description), name);
        }
    }

    [Fact]
    public async Task The_orders_versions_share_one_role_and_payments_has_another()
    {
        var builder = BuildModel("processes");

        var v1 = await ConnectionStringManifestExpressionAsync(builder, "orders-v1", "ordersdb");
        var v2 = await ConnectionStringManifestExpressionAsync(builder, "orders-v2", "ordersdb");
        var payments = await ConnectionStringManifestExpressionAsync(builder, "payments", "paymentsdb");

        Assert.Equal(v1, v2);
        Assert.DoesNotContain("Username=orders", payments, StringComparison.Ordinal);
    }

    /// <summary>The ConnectionStrings__{database} a service gets, in its manifest form (placeholders, no secret values).</summary>
    private static async Task<string> ConnectionStringManifestExpressionAsync(IDistributedApplicationBuilder builder, string service, string database)
    {
        var resource = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == service);
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, resource, variables);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var value = Assert.Contains($"ConnectionStrings__{database}", (IDictionary<string, object>)variables);
        var provider = Assert.IsAssignableFrom<IManifestExpressionProvider>(value);
        var expression = provider.ValueExpression;
        // A reference to a connection-string resource is "{name.connectionString}": follow it to the expression itself.
        if (value is ConnectionStringReference reference)
        {
            expression = reference.Resource.ConnectionStringExpression.ValueExpression;
        }

        return expression;
    }

    private static IDistributedApplicationBuilder BuildModel(string mode)
    {
        var publish = mode == "publish";
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = publish ? ["--publisher", "manifest", "--output-path", Path.GetTempFileName()] : [],
            DisableDashboard = true,
        });
        var decision = InfrastructureModeSelector.Decide(publish ? "auto" : mode, null, publish,
            new FakeInfrastructureHost { HealthyRuntime = mode == "containers" ? "docker" : null });
        builder.AddReferenceAppServices(builder.AddSystemInfrastructure(decision));
        return builder;
    }
}
