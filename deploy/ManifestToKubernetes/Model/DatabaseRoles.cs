using System.Text.RegularExpressions;
using ReferenceApp.Deploy.Input;

namespace ReferenceApp.Deploy.Model;

/// <summary>A service's own login to a PostgreSQL server: its role, its database and the Secret holding its connection string.</summary>
public sealed record DatabaseLogin(string Name, string Role, string Database, SecretKey Connection)
{
    /// <summary>The Job's environment variable holding the connection string (ordersdb-login → ORDERSDB_LOGIN).</summary>
    public string EnvironmentVariable => Name.ToUpperInvariant().Replace('-', '_');
}

/// <summary>
/// The Job that gives each service's database to its own role on one PostgreSQL server, as the AppHost does for local
/// runs (AppHost/Infrastructure/DatabaseOwnership.cs): it runs deploy/database/own-database.sql once per login, as the
/// server's superuser.
/// </summary>
public sealed partial record DatabaseRolesJob(string Name, Workload Server, string Superuser, SecretKey SuperuserPassword, IReadOnlyList<DatabaseLogin> Logins)
{
    public const string JobName = ReservedNames.DatabaseRoles;

    /// <summary>
    /// The logins the manifest declares (the AppHost's AddDatabaseLogin): a value.v0 connection string of the form
    /// Host={server...};Port={server...};Username=role;Password={parameter.value};Database=db against a PostgreSQL
    /// server of the profile (one with postgresTuning) whose superuser is someone else. Null when there are none.
    /// </summary>
    public static DatabaseRolesJob? Find(AspireManifest manifest, IReadOnlyList<Workload> workloads)
    {
        var servers = workloads.Where(w => w.Settings.PostgresTuning is not null).ToDictionary(w => w.Name, StringComparer.Ordinal);
        var logins = manifest.Resources.Values.OfType<ValueResource>()
            .Select(v => (Value: v, Match: LoginPattern().Match(v.ConnectionString)))
            .Where(l => l.Match.Success && servers.ContainsKey(l.Match.Groups["server"].Value))
            .ToList();
        if (logins.Count == 0)
        {
            return null;
        }

        var server = servers[logins.Select(l => l.Match.Groups["server"].Value).Distinct(StringComparer.Ordinal).Single()];
        var superuser = server.Config.GetValueOrDefault("POSTGRES_USER") ?? "postgres";
        if (!server.SecretEnv.TryGetValue("POSTGRES_PASSWORD", out var superuserPassword))
        {
            throw new DeploymentInputException($"{server.Name}: the database roles Job needs the superuser's password (env POSTGRES_PASSWORD from a secret parameter).");
        }

        return new DatabaseRolesJob(JobName, server, superuser, superuserPassword, logins
            .Where(l => l.Match.Groups["role"].Value != superuser)
            .Select(l => new DatabaseLogin(l.Value.Name, l.Match.Groups["role"].Value, l.Match.Groups["database"].Value, SecretReferences.ConnectionString(l.Value.Name)))
            .OrderBy(l => l.Name, StringComparer.Ordinal)
            .ToList());
    }

    [GeneratedRegex(@"^Host=\{(?<server>[a-z0-9-]+)\.bindings\.[a-z0-9-]+\.host\};Port=\{\k<server>\.bindings\.[a-z0-9-]+\.port\};Username=(?<role>[A-Za-z0-9_]+);Password=\{[a-z0-9-]+\.value\};Database=(?<database>[A-Za-z0-9_]+)$")]
    private static partial Regex LoginPattern();
}
