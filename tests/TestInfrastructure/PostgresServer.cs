using Npgsql;

namespace ReferenceApp.Testing;

/// <summary>
/// A real PostgreSQL server for one test assembly: a fresh data folder, a free loopback port, trust auth.
/// Uses the machine's binaries (/usr/lib/postgresql/*/bin); as root it runs as the 'postgres' user, since postgres refuses root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string binDirectory;
    private readonly string dataDirectory;
    private ServerProcess? process;

    private PostgresServer(string binDirectory, string dataDirectory, int port)
    {
        this.binDirectory = binDirectory;
        this.dataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "referenceapp-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var server = new PostgresServer(binDirectory, dataDirectory, FreePort.Next());
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", dataDirectory], cancellationToken);
        }

        await RunAsync(AsOwner(Path.Combine(binDirectory, "initdb")), AsOwnerArgs(binDirectory, "initdb",
            ["--pgdata=" + dataDirectory, "--username=postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]), cancellationToken);
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>A connection string to <paramref name="database"/>; the connect timeout only guards against a hang (parallel test classes can keep both cores busy).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=30";

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"create database \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut), keeping its data for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (process is not null)
        {
            // SIGINT is PostgreSQL's fast shutdown: it ends open (pooled) connections instead of waiting for them.
            await process.StopAsync(TimeSpan.FromSeconds(20), "INT");
            await process.DisposeAsync();
            process = null;
        }
    }

    /// <summary>Starts the server on the same port and data folder and waits until it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        string[] args = ["-D", dataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "max_connections=300"];
        process = ServerProcess.Start(AsOwner(Path.Combine(binDirectory, "postgres")), AsOwnerArgs(binDirectory, "postgres", args));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"PostgreSQL did not start on port {Port}: {process.Output}", e);
            }
        }
    }

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartAgainAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test run over it.
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string AsOwner(string program) => IsRoot ? "setpriv" : program;

    private static IEnumerable<string> AsOwnerArgs(string binDirectory, string program, IEnumerable<string> args) =>
        IsRoot
            ? new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", Path.Combine(binDirectory, program) }.Concat(args)
            : args;

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(dir => File.Exists(Path.Combine(dir, "postgres")))
                .OrderByDescending(dir => dir, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql");
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        await using var run = ServerProcess.Start(fileName, args);
        await run.WaitForExitAsync(cancellationToken);
    }
}
