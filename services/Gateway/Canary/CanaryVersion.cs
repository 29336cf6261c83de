namespace ReferenceApp.Gateway.Canary;

/// <summary>The two releases of the orders service the gateway splits traffic between.</summary>
public enum CanaryVersion
{
    /// <summary>The stable release (orders-v1).</summary>
    V1,

    /// <summary>The canary release (orders-v2).</summary>
    V2,
}

/// <summary>Wire names of <see cref="CanaryVersion"/>: the same in cookies, headers, metrics and the admin document.</summary>
public static class CanaryVersions
{
    public const string V1Name = "v1";
    public const string V2Name = "v2";

    public static string Name(this CanaryVersion version) => version == CanaryVersion.V2 ? V2Name : V1Name;

    public static CanaryVersion Other(this CanaryVersion version) => version == CanaryVersion.V2 ? CanaryVersion.V1 : CanaryVersion.V2;

    /// <summary>Parses "v1"/"v2" without allocating; anything else (including a tampered cookie) is ignored.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out CanaryVersion version)
    {
        value = value.Trim();
        if (value.Equals(V1Name, StringComparison.OrdinalIgnoreCase))
        {
            version = CanaryVersion.V1;
            return true;
        }

        if (value.Equals(V2Name, StringComparison.OrdinalIgnoreCase))
        {
            version = CanaryVersion.V2;
            return true;
        }

        version = default;
        return false;
    }
}
