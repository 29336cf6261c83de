namespace ReferenceApp.Testing;

/// <summary>A running Redis-compatible server: redis-server or Garnet.</summary>
public interface ICacheServer : IAsyncDisposable
{
    int Port { get; }

    /// <summary>The StackExchange.Redis connection string.</summary>
    string ConnectionString { get; }
}
