using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ReferenceApp.PostgresDatabase;

public static class PostgresDatabaseExtensions
{
    public const int DefaultMaxPoolSize = 40;

    private static readonly string[] PoolSizeKeywords = ["Maximum Pool Size", "MaxPoolSize"];

    /// <summary>
    /// The database this service owns: an NpgsqlDataSource from the connection string <paramref name="connectionName"/>
    /// (with Aspire's health check, tracing and metrics), migrations from <paramref name="scriptsAssembly"/> applied at
    /// start-up, and 503 problems while the database is unreachable.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresDatabase(this IHostApplicationBuilder builder, string connectionName, Assembly scriptsAssembly)
    {
        builder.AddNpgsqlDataSource(connectionName, configureDataSourceBuilder: dataSource => CapPoolSize(dataSource.ConnectionStringBuilder));
        builder.Services.AddSingleton(new DatabaseMigrations(scriptsAssembly, LockKeyOf(connectionName)));
        // Register before the service's own hosted services: they start in order, so migrations run first.
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddExceptionHandler<DatabaseOutageProblems>();
        return builder;
    }

    /// <summary>
    /// Npgsql's default of 100 connections per process lets orders-v1, orders-v2 and payments together open more than
    /// PostgreSQL allows (200 here) under a burst; past the cap a request waits for a pooled connection instead.
    /// A connection string that names its own Maximum Pool Size keeps it.
    /// </summary>
    public static void CapPoolSize(NpgsqlConnectionStringBuilder connectionString)
    {
        // Only the keys the connection string actually set are in its text; the builder's properties show defaults too.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString.ConnectionString };
        if (!PoolSizeKeywords.Any(given.ContainsKey))
        {
            connectionString.MaxPoolSize = DefaultMaxPoolSize;
        }
    }

    // Stable across processes and versions (string.GetHashCode is not), so every replica takes the same lock.
    private static long LockKeyOf(string connectionName) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("migrations:" + connectionName)), 0);
}
