using System.Net.Sockets;

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
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"redis-server did not start on port {port}: {process.Output}", e);
            }
        }
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
