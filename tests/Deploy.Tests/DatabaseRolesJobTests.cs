using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using ReferenceApp.Testing;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// The Job postgres-roles, run for real: its own script (from the generated Job, the SQL mount pointed at
/// deploy/database) against a real PostgreSQL, with the connection strings its Secrets would give it. A second run
/// changes nothing; each role owns its database and nothing else, and no other role may connect to it; a login without
/// a password fails the Job.
/// </summary>
public sealed partial class DatabaseRolesJobTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static V1Job Job => TestInputs.Find<V1Job>(TestInputs.BaseObjects(), DatabaseRolesJob.JobName);

    private sealed record Login(string Variable, string Role, string Database, string Password)
    {
        public string ConnectionString => $"Host=postgres;Port=5432;Username={Role};Password={Password};Database={Database}";
    }

    /// <summary>The Job's logins, with names of this test's own (one server serves every test of the class).</summary>
    private static List<Login> Logins()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return RepositoryFiles.Generated.Model.DatabaseRoles!.Logins
            .Select(l => new Login(l.EnvironmentVariable, $"{l.Role}_{suffix}", $"{l.Database}_{suffix}", RandomNumberGenerator.GetHexString(32)))
            .ToList();
    }

    [Fact]
    public void The_Job_runs_the_committed_SQL_with_every_service_login_from_its_Secret()
    {
        var configMap = TestInputs.Find<V1ConfigMap>(TestInputs.BaseObjects(), $"{DatabaseRolesJob.JobName}-sql");
        var container = Job.Spec.Template.Spec.Containers.Single();

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryFiles.Deploy, "database", DatabaseRolesBuilder.SqlFile)), configMap.Data[DatabaseRolesBuilder.SqlFile]);
        Assert.Equal(["identitydb-login-connection", "ordersdb-login-connection", "paymentsdb-login-connection", "postgres-password"],
            container.Env.Where(e => e.ValueFrom is not null).Select(e => e.ValueFrom.SecretKeyRef.Name).Order(StringComparer.Ordinal));
        Assert.Equal("docker.io/library/postgres:18.3", container.Image);
        Assert.Equal("1", Job.Metadata.Annotations[SyncWaves.Annotation]);
    }

    [Fact]
    public async Task A_second_run_changes_nothing_and_each_role_owns_its_database_and_everything_in_it()
    {
        var logins = Logins();
        // A database from before the roles existed, with a table (and its serial's sequence) the superuser owns.
        await Execute(postgres.Server.ConnectionString(), $"create database \"{logins[1].Database}\"");
        await Execute(postgres.Server.ConnectionString(logins[1].Database), "create table journal (id serial primary key, name text)");

        var first = await RunJob(logins);
        Assert.True(first.ExitCode == 0, first.Output);
        var before = await Snapshot(logins);
        await AssertPasswordsAre(logins);

        var second = await RunJob(logins);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(before, await Snapshot(logins));
        await AssertPasswordsAre(logins);

        Assert.Contains($"table journal owner {logins[1].Role} acl -", before);
        Assert.Contains($"sequence journal_id_seq owner {logins[1].Role} acl -", before);
        foreach (var login in logins)
        {
            Assert.Contains($"database {login.Database} owner {login.Role} acl {{{login.Role}=CTc/{login.Role}}}", before);
            Assert.Contains($"role {login.Role} super False createrole False createdb False login True replication False bypassrls False connlimit -1 until -", before);
        }
    }

    [Fact]
    public async Task One_role_cannot_reach_another_s_database()
    {
        var logins = Logins();
        var run = await RunJob(logins);
        Assert.True(run.ExitCode == 0, run.Output);
        var stranger = $"stranger_{Guid.NewGuid():N}"[..20];
        await Execute(postgres.Server.ConnectionString(), $"create role {stranger} login");

        foreach (var login in logins)
        {
            await Execute(As(login.Role, login.Database), "create table mine (id int)");
            foreach (var other in logins.Where(o => o != login).Select(o => o.Role).Append(stranger))
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(As(other, login.Database), "select 1"));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }
        }
    }

    [Theory]
    [InlineData("no-password", "no Password in the connection string")]
    [InlineData("empty-password", "no Password in the connection string")]
    [InlineData("unset", "no Username, Password, Database in the connection string")]
    public async Task A_missing_password_fails_the_Job(string change, string expected)
    {
        var logins = Logins();
        var broken = logins[0];

        var run = await RunJob(logins, env =>
        {
            switch (change)
            {
                case "no-password":
                    env[broken.Variable] = broken.ConnectionString.Replace($"Password={broken.Password};", "", StringComparison.Ordinal);
                    break;
                case "empty-password":
                    env[broken.Variable] = broken.ConnectionString.Replace($"Password={broken.Password}", "Password=", StringComparison.Ordinal);
                    break;
                default:
                    env.Remove(broken.Variable);
                    break;
            }
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{broken.Variable}: {expected}", run.Output, StringComparison.Ordinal);
        Assert.Null(await Scalar(postgres.Server.ConnectionString(), $"select 1 from pg_roles where rolname = '{broken.Role}'"));
    }

    /// <summary>Runs the Job's container command as written, against the test server.</summary>
    private async Task<(int ExitCode, string Output)> RunJob(List<Login> logins, Action<Dictionary<string, string>>? change = null)
    {
        var container = Job.Spec.Template.Spec.Containers.Single();
        Assert.Equal(["sh", "-c"], container.Command.Take(2));
        var script = container.Command[2].Replace(DatabaseRolesBuilder.SqlMountPath, Path.Combine(RepositoryFiles.Deploy, "database"), StringComparison.Ordinal);
        var env = container.Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        env["PGHOST"] = "127.0.0.1";
        env["PGPORT"] = postgres.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The test server trusts local connections; the superuser's password is not asked for.
        env["PGPASSWORD"] = "unused";
        foreach (var login in logins)
        {
            env[login.Variable] = login.ConnectionString;
        }

        change?.Invoke(env);
        var start = new ProcessStartInfo("sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in new[] { "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGAPPNAME", "PGCONNECT_TIMEOUT" }.Concat(logins.Select(l => l.Variable)))
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        start.Environment["PATH"] = $"{PsqlDirectory()}:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + error);
    }

    private static string PsqlDirectory() => Directory.GetDirectories("/usr/lib/postgresql")
        .Select(d => Path.Combine(d, "bin"))
        .Where(d => File.Exists(Path.Combine(d, "psql")))
        .Order(StringComparer.Ordinal)
        .LastOrDefault() ?? "/usr/bin";

    /// <summary>What the SQL decides: the roles' attributes, the databases' owners and ACLs, every relation's owner and ACL.</summary>
    private async Task<List<string>> Snapshot(List<Login> logins)
    {
        var server = postgres.Server.ConnectionString();
        var result = new List<string>();
        foreach (var login in logins)
        {
            result.AddRange(await Rows(server, $"""
                select format('role %s super %s createrole %s createdb %s login %s replication %s bypassrls %s connlimit %s until %s',
                  rolname, case when rolsuper then 'True' else 'False' end, case when rolcreaterole then 'True' else 'False' end,
                  case when rolcreatedb then 'True' else 'False' end, case when rolcanlogin then 'True' else 'False' end,
                  case when rolreplication then 'True' else 'False' end, case when rolbypassrls then 'True' else 'False' end,
                  rolconnlimit, coalesce(rolvaliduntil::text, '-'))
                from pg_roles where rolname = '{login.Role}'
                """));
            result.AddRange(await Rows(server, $"select format('database %s owner %s acl %s', datname, pg_get_userbyid(datdba), datacl::text) from pg_database where datname = '{login.Database}'"));
            result.AddRange(await Rows(postgres.Server.ConnectionString(login.Database), """
                select format('%s %s owner %s acl %s', case c.relkind when 'S' then 'sequence' when 'i' then 'index' else 'table' end,
                  c.relname, pg_get_userbyid(c.relowner), coalesce(c.relacl::text, '-'))
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_toast%'
                union all
                select format('schema %s owner %s acl %s', nspname, pg_get_userbyid(nspowner), coalesce(nspacl::text, '-'))
                from pg_namespace where nspname = 'public'
                order by 1
                """));
        }

        return result;
    }

    /// <summary>Each role's stored SCRAM verifier is of its password (a run renews the salt, never the password).</summary>
    private async Task AssertPasswordsAre(List<Login> logins)
    {
        foreach (var login in logins)
        {
            var verifier = (string?)await Scalar(postgres.Server.ConnectionString(), $"select rolpassword from pg_authid where rolname = '{login.Role}'");
            Assert.NotNull(verifier);
            Assert.True(ScramVerifies(verifier, login.Password), $"{login.Role}: the stored verifier is not of the Secret's password");
        }
    }

    /// <summary>RFC 5802/7677: SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey, as PostgreSQL stores it.</summary>
    private static bool ScramVerifies(string verifier, string password)
    {
        var match = ScramVerifier().Match(verifier);
        if (!match.Success)
        {
            return false;
        }

        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(match.Groups["salt"].Value),
            int.Parse(match.Groups["iterations"].Value, System.Globalization.CultureInfo.InvariantCulture), HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return Convert.ToBase64String(storedKey) == match.Groups["stored"].Value && Convert.ToBase64String(serverKey) == match.Groups["server"].Value;
    }

    [GeneratedRegex(@"^SCRAM-SHA-256\$(?<iterations>[0-9]+):(?<salt>[^$]+)\$(?<stored>[^:]+):(?<server>.+)$")]
    private static partial Regex ScramVerifier();

    private string As(string role, string database) =>
        new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString(database)) { Username = role, Pooling = false }.ConnectionString;

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<string>> Rows(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
