using System.Globalization;
using System.Text;

namespace ReferenceApp.Deploy.Model;

/// <summary>
/// PostgreSQL settings computed from what the container may use (its memory and CPU limits), the connections its
/// clients' pools can open, and its SSD-backed volume: the usual OLTP rules (as pgtune uses them). Pure: the same
/// input always gives the same settings, and the rule is tested on its own.
/// </summary>
public static class PostgresTuning
{
    private const long KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

    /// <param name="memoryBytes">The container's memory limit.</param>
    /// <param name="cpus">The container's CPU limit, in cores.</param>
    /// <param name="clientConnections">The most connections every client pool together can open.</param>
    /// <param name="reservedConnections">Room above the pools for migrations, operators and monitoring.</param>
    /// <param name="volumeBytes">The data volume's size (WAL lives on it).</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Compute(long memoryBytes, decimal cpus, int clientConnections, int reservedConnections, long volumeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memoryBytes, 256 * MiB);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cpus, 0m);
        var maxConnections = clientConnections + reservedConnections;
        // A quarter of memory for PostgreSQL's own cache; the kernel's page cache holds most of the rest.
        var sharedBuffers = memoryBytes / 4;
        var effectiveCache = memoryBytes * 3 / 4;
        var maintenance = Math.Min(memoryBytes / 16, 2 * GiB);
        // 3 % of shared_buffers, between 64 kB and one 16 MB WAL segment.
        var walBuffers = Math.Clamp(sharedBuffers * 3 / 100, 64 * KiB, 16 * MiB);
        // What is left after shared_buffers, shared by every connection running up to three sorts or hashes at once.
        var workMem = Math.Max((memoryBytes - sharedBuffers) / (maxConnections * 3L), 64 * KiB);
        // Checkpoints spaced by WAL volume, never more than a tenth of the disk.
        var maxWal = Math.Clamp(volumeBytes / 10, 256 * MiB, 8 * GiB);
        var workers = Math.Max(1, (int)Math.Floor(cpus));
        return
        [
            new("max_connections", maxConnections.ToString(CultureInfo.InvariantCulture)),
            new("shared_buffers", Size(sharedBuffers)),
            new("effective_cache_size", Size(effectiveCache)),
            new("maintenance_work_mem", Size(maintenance)),
            new("work_mem", Size(workMem)),
            new("wal_buffers", Size(walBuffers)),
            new("min_wal_size", Size(maxWal / 4)),
            new("max_wal_size", Size(maxWal)),
            new("checkpoint_completion_target", "0.9"),
            // SSD: a random page costs about what a sequential one does, and many requests can be in flight.
            new("random_page_cost", "1.1"),
            new("effective_io_concurrency", "200"),
            new("max_worker_processes", Math.Max(8, workers).ToString(CultureInfo.InvariantCulture)),
            new("max_parallel_workers", workers.ToString(CultureInfo.InvariantCulture)),
            new("max_parallel_workers_per_gather", Math.Max(1, workers / 2).ToString(CultureInfo.InvariantCulture)),
        ];
    }

    /// <summary>A complete postgresql.conf: the container's settings (listen on every address) and the tuned ones.</summary>
    public static string Render(IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        var text = new StringBuilder("# Computed by deploy/ManifestToKubernetes (PostgresTuning) from the container's limits and its clients' pools.\n");
        text.Append("listen_addresses = '*'\n");
        foreach (var (key, value) in settings)
        {
            text.Append(key).Append(" = ").Append(value).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>In the largest whole unit PostgreSQL accepts (kB, MB, GB).</summary>
    public static string Size(long bytes) => bytes switch
    {
        _ when bytes % GiB == 0 => $"{bytes / GiB}GB",
        _ when bytes % MiB == 0 => $"{bytes / MiB}MB",
        _ => $"{bytes / KiB}kB",
    };
}
