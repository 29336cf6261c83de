namespace ReferenceApp.AppHost;

/// <summary>How clients reach the processes of a local run.</summary>
public static class LocalEndpoints
{
    /// <summary>
    /// Not through DCP's proxy. A proxy in front of a killed process still accepts connections and then holds them, so
    /// every caller waits for its own timeout; without it, a dead instance refuses connections at once and the gateway,
    /// the services and Npgsql fail fast and route around it, as with a Kubernetes Service whose dead pod has left its
    /// endpoints. A restarted process binds the same port again.
    /// </summary>
    public const bool Proxied = false;
}
