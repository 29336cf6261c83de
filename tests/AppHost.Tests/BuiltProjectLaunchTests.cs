namespace ReferenceApp.AppHost.Tests;

public class BuiltProjectLaunchTests
{
    [Fact]
    public void A_built_service_is_found_in_the_output_of_the_AppHost_configuration()
    {
        var assembly = BuiltProjectLaunch.OutputAssembly(new Projects.Orders().ProjectPath);

        Assert.NotNull(assembly);
        Assert.EndsWith(Path.Combine("services", "Orders", "bin", Configuration, "net10.0", "Orders.dll"), assembly, StringComparison.Ordinal);
        Assert.True(File.Exists(assembly));
    }

    [Fact]
    public void A_project_without_output_keeps_Aspires_own_launch()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "Nothing.csproj");

        Assert.Null(BuiltProjectLaunch.OutputAssembly(missing));
    }

    private static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif
}
