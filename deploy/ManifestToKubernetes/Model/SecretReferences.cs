using ReferenceApp.Deploy.Input;

namespace ReferenceApp.Deploy.Model;

/// <summary>Which Secret key an env var is read from, or none when its value is plain configuration.</summary>
public static class SecretReferences
{
    public static SecretKey? For(string workload, string key, string template, ResolvedValue resolved)
    {
        var whole = Placeholders.Whole(template);
        if (whole is { Field: "connectionString" } connection)
        {
            // A connection string is treated as a secret even when today's has no password in it.
            return ConnectionString(connection.Resource);
        }

        if (whole is { } parameter && resolved.IsSecret)
        {
            return new SecretKey(parameter.Resource, "value");
        }

        return resolved.IsSecret ? new SecretKey($"{workload}-env", key) : null;
    }

    /// <summary>The Secret key holding a resource's connection string.</summary>
    public static SecretKey ConnectionString(string resource) => new($"{resource}-connection", "connectionString");
}
