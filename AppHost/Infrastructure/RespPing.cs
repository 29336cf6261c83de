using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>
/// Health of a Redis-compatible server (redis-server or Garnet): it answers PING. A process that merely runs is not
/// ready, and WaitFor on the cache must mean "usable".
/// </summary>
public static class RespPing
{
    public static IHealthChecksBuilder AddRespPingCheck(this IHealthChecksBuilder checks, string key, EndpointReference endpoint) =>
        checks.AddAsyncCheck(key, async cancellationToken =>
        {
            try
            {
                var port = await endpoint.Property(EndpointProperty.Port).GetValueAsync(cancellationToken);
                return await PingAsync(int.Parse(port!, CultureInfo.InvariantCulture), cancellationToken)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("the cache did not answer PING");
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidOperationException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        });

    private static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
        var buffer = new byte[16];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }
}
