using System.Globalization;

namespace ReferenceApp.Testing;

/// <summary>
/// A real Microsoft Garnet server (dev/GarnetCache, the AppHost's cache where redis-server is missing) on a free
/// loopback port, without persistence: the same RESP server the services meet in such a local run.
/// </summary>
public sealed class GarnetServer : ICacheServer
{
    private readonly ServerProcess process;

    private GarnetServer(ServerProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<GarnetServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var port = FreePort.Next();
        var process = ServerProcess.Start("dotnet",
        [
            RepositoryFile("dev/GarnetCache/bin", "GarnetCache.dll"),
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua",
            "--memory", "64m", "--page", "1m", "--index", "16m", "--device-type", "RandomAccess",
        ]);
        await process.WaitUntilListeningAsync("Garnet", port, TimeSpan.FromSeconds(30), cancellationToken);
        return new GarnetServer(process, port);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();

    /// <summary>The built file under the repository folder (the build of the solution, or of this library, puts it there).</summary>
    private static string RepositoryFile(string folder, string fileName)
    {
        return Directory.GetFiles(RepositoryRoot.Combine(folder), fileName, SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new InvalidOperationException($"{fileName} not found under {folder}: build the solution first.");
    }
}
