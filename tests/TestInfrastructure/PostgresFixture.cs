namespace ReferenceApp.Testing;

/// <summary>
/// One real PostgreSQL server for a test assembly (register it with <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>);
/// each test class creates its own database on it.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? server;

    public PostgresServer Server => server ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    public Task<string> NewDatabaseAsync(string prefix) =>
        Server.CreateDatabaseAsync($"{prefix}_{Guid.NewGuid():N}");
}
