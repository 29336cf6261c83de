using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace ReferenceApp.Gateway.Tests.Support;

/// <summary>
/// redis-server started again on the port of one that was stopped: "Redis came back" as the gateway's client sees it
/// (same address, empty data, as a Redis without persistence after a restart). RedisServer always takes a fresh port.
/// </summary>
public sealed class RedisOnPort : IAsyncDisposable
{
    private readonly Process process;

    private RedisOnPort(Process process) => this.process = process;

    public static async Task<RedisOnPort> StartAsync(int port, CancellationToken cancellationToken)
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.First(File.Exists);
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var server = new RedisOnPort(Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
