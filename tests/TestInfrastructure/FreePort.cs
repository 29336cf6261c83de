using System.Net;
using System.Net.Sockets;

namespace ReferenceApp.Testing;

public static class FreePort
{
    /// <summary>A loopback port the OS considers free now; each test server gets its own, so parallel runs never collide.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
