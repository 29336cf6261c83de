namespace ReferenceApp.Deploy.Tests;

/// <summary>The tuning rule on its own: figures for the dev and prod sizes, and how they move with the inputs.</summary>
public class PostgresTuningTests
{
    private const long MiB = 1024 * 1024, GiB = 1024 * MiB;

    [Fact]
    public void Prod_sized_container_gets_a_quarter_of_memory_as_shared_buffers_and_SSD_costs()
    {
        var settings = Settings(4 * GiB, 2m, clients: 800, reserved: 10, volume: 50 * GiB);

        Assert.Equal("810", settings["max_connections"]);
        Assert.Equal("1GB", settings["shared_buffers"]);
        Assert.Equal("3GB", settings["effective_cache_size"]);
        Assert.Equal("256MB", settings["maintenance_work_mem"]);
        Assert.Equal("16MB", settings["wal_buffers"]);
        Assert.Equal("5GB", settings["max_wal_size"]);
        Assert.Equal("0.9", settings["checkpoint_completion_target"]);
        Assert.Equal("1.1", settings["random_page_cost"]);
        Assert.Equal("200", settings["effective_io_concurrency"]);
        Assert.Equal("1294kB", settings["work_mem"]);
    }

    [Fact]
    public void Small_container_keeps_wal_buffers_and_wal_size_within_their_bounds()
    {
        var settings = Settings(512 * MiB, 0.5m, clients: 80, reserved: 10, volume: 1 * GiB);

        Assert.Equal("128MB", settings["shared_buffers"]);
        Assert.Equal("3932kB", settings["wal_buffers"]);
        Assert.Equal("256MB", settings["max_wal_size"]);
        Assert.Equal("1", settings["max_parallel_workers"]);
    }

    [Fact]
    public void More_client_connections_mean_less_work_mem_each()
    {
        var few = Settings(1 * GiB, 1m, clients: 40, reserved: 10, volume: 10 * GiB);
        var many = Settings(1 * GiB, 1m, clients: 400, reserved: 10, volume: 10 * GiB);

        Assert.Equal("5242kB", few["work_mem"]);
        Assert.Equal("639kB", many["work_mem"]);
    }

    [Fact]
    public void Render_writes_a_complete_config_file()
    {
        var file = PostgresTuning.Render(PostgresTuning.Compute(1 * GiB, 1m, 40, 10, 10 * GiB));

        Assert.Contains("listen_addresses = '*'\n", file, StringComparison.Ordinal);
        Assert.Contains("shared_buffers = 256MB\n", file, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Settings(long memory, decimal cpus, int clients, int reserved, long volume) =>
        PostgresTuning.Compute(memory, cpus, clients, reserved, volume).ToDictionary(s => s.Key, s => s.Value);
}
