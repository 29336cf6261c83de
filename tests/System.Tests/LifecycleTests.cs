using Npgsql;
using ReferenceApp.Testing;

namespace ReferenceApp.SystemTests;

/// <summary>A run's data survives a stop, and a stop leaves no process behind.</summary>
public class LifecycleTests
{
    [Fact]
    public async Task A_second_run_finds_the_data_of_the_first_and_each_stop_leaves_no_process()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "referenceapp-lifecycle-" + Guid.NewGuid().ToString("N"));
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            var first = await ReferenceAppHost.StartAsync(dataDirectory);
            IReadOnlyList<int> firstProcesses;
            await using (first)
            {
                await ExecuteAsync(await first.ConnectionStringAsync("ordersdb"),
                    $"create table lifecycle_marker(value text); insert into lifecycle_marker values ('{marker}')");
                firstProcesses = first.ProcessIds();
            }

            Assert.NotEmpty(firstProcesses);
            Assert.All(firstProcesses, pid => Assert.False(IsRunning(pid), $"process {pid} outlived the AppHost"));

            var second = await ReferenceAppHost.StartAsync(dataDirectory);
            IReadOnlyList<int> secondProcesses;
            await using (second)
            {
                var found = await ExecuteScalarAsync(await second.ConnectionStringAsync("ordersdb"), "select value from lifecycle_marker");
                Assert.Equal(marker, found);
                secondProcesses = second.ProcessIds();
            }

            Assert.All(secondProcesses, pid => Assert.False(IsRunning(pid), $"process {pid} outlived the AppHost"));
        }
        finally
        {
            RunningSystem.TryDeleteDataDirectory(dataDirectory);
        }
    }

    private static bool IsRunning(int pid)
    {
        // A zombie has exited; only its parent's bookkeeping remains.
        var status = $"/proc/{pid}/status";
        return File.Exists(status) && !File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ExecuteScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
