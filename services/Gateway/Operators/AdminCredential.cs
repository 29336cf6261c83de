using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ReferenceApp.Gateway.Operators;

/// <summary>The operator's proof: the X-Admin-Key secret, checked the same way by the admin API and the X-Canary override.</summary>
public static class AdminCredential
{
    public const string HeaderName = "X-Admin-Key";

    private const int StackLimit = 512;

    public static bool IsPresentedBy(HttpRequest request, string? expected) => Matches(request.Headers[HeaderName], expected);

    /// <summary>
    /// Hashing first makes both sides the same length, so not even the key's length leaks through the comparison time.
    /// Allocation-free for keys of ordinary length: an operator's override runs on the proxy's hot path.
    /// </summary>
    public static bool Matches(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expectedHash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(presented, presentedHash);
        Hash(expected, expectedHash);
        return CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
    }

    private static void Hash(string text, Span<byte> hash)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        var buffer = rented is not null ? rented : stackalloc byte[StackLimit];
        var written = Encoding.UTF8.GetBytes(text, buffer);
        SHA256.HashData(buffer[..written], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }
}
