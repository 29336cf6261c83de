namespace ReferenceApp.AppHost.Infrastructure;

/// <summary>Which Redis-compatible server holds the cache in process mode.</summary>
public enum CacheServer
{
    /// <summary>The machine's <c>redis-server</c>.</summary>
    Redis,

    /// <summary>Microsoft Garnet, built with the AppHost (dev/GarnetCache): needs nothing installed.</summary>
    Garnet,
}
