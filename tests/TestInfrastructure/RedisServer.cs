
namespace ReferenceApp.Testing;

/// <summary>A real Redis server (the machine's redis-server) on a free loopback port, without persistence.</summary>
public sealed class RedisServer : ICacheServer
{
    private readonly ServerProcess process;

    private RedisServer(ServerProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var port = FreePort.Next();
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server not found: apt-get install -y redis-server");
        var process = ServerProcess.Start(executable,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await process.WaitUntilListeningAsync("redis-server", port, TimeSpan.FromSeconds(15), cancellationToken);
        return new RedisServer(process, port);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
