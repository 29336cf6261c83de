namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The syntax of an Idempotency-Key, one rule for every service that sends or accepts one (docs/api.md): 1 to 100 printable
/// ASCII characters, no space.
/// </summary>
public static class IdempotencyKeys
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 100;

    public static bool IsValid(string? key) => key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= '!' and <= '~');

    /// <summary>The problem detail for a missing or malformed key; null when the key is fine.</summary>
    public static string? Check(string? key) =>
        IsValid(key) ? null : $"The {HeaderName} header is required: 1 to {MaxLength} printable ASCII characters.";
}
