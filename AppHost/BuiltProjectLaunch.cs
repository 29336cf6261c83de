using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace ReferenceApp.AppHost;

/// <summary>
/// Starts a .NET project from the output the AppHost's own build just produced (<c>dotnet Service.dll</c>) instead of
/// Aspire's default <c>dotnet run --no-build --project ...</c>, which runs an MSBuild evaluation and keeps a launcher
/// process per service: on two cores, six of those cost most of the start-up and about 140 MB of memory each.
/// </summary>
public static class BuiltProjectLaunch
{
    /// <summary>
    /// Set to false (<c>--LocalRun:LaunchBuiltOutput=false</c>) to go back to Aspire's <c>dotnet run</c>; e.g. when a
    /// service's output lives somewhere other than <c>bin/&lt;configuration&gt;/&lt;framework&gt;/</c>.
    /// </summary>
    public const string Setting = "LocalRun:LaunchBuiltOutput";

    public static IResourceBuilder<ProjectResource> WithBuiltOutputLaunch(
        this IResourceBuilder<ProjectResource> project, IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode || !builder.Configuration.GetValue(Setting, true) ||
            !project.Resource.TryGetLastAnnotation<IProjectMetadata>(out var metadata) ||
            OutputAssembly(metadata.ProjectPath) is not { } assembly)
        {
            return project;
        }

        // A project resource with an ExecutableAnnotation is launched with that command, the project's environment
        // (service discovery, connection strings, OTLP) unchanged, and these arguments in place of "run --project".
        return project
            .WithAnnotation(new ExecutableAnnotation
            {
                Command = "dotnet",
                WorkingDirectory = Path.GetDirectoryName(metadata.ProjectPath)!,
            }, ResourceAnnotationMutationBehavior.Replace)
            .WithArgs(assembly);
    }

    /// <summary>
    /// The project's main assembly as the AppHost's build left it: same configuration and target framework as the
    /// AppHost (they share Directory.Build.props). Null when it is not there, so Aspire's own launch is kept.
    /// </summary>
    public static string? OutputAssembly(string projectPath)
    {
        var configuration = typeof(BuiltProjectLaunch).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        // The AppHost's own target framework (not the runtime it happens to run on, which may roll forward).
        var framework = new System.Runtime.Versioning.FrameworkName(
            typeof(BuiltProjectLaunch).Assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName);
        var path = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, $"net{framework.Version.Major}.{framework.Version.Minor}",
            Path.GetFileNameWithoutExtension(projectPath) + ".dll");
        return File.Exists(path) ? path : null;
    }
}
