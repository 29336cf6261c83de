namespace ReferenceApp.Identity.Keys;

/// <summary>
/// Where the token signing and encryption keys come from (section Identity:Keys). Both are RSA private keys in PEM
/// (PKCS#8 or PKCS#1), e.g. `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out signing.pem`.
/// </summary>
public sealed class KeyOptions
{
    public const string Section = "Identity:Keys";

    /// <summary>Signing key file (in Kubernetes a Secret mounted as a file). Required outside development.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>Encryption key file (encrypts authorization codes and refresh tokens). Required outside development.</summary>
    public string? EncryptionKeyFile { get; set; }

    /// <summary>
    /// Development only: a folder where both keys are created on the first start and read on every later one
    /// (the AppHost points it at .data/identity-keys). Refused in the Production environment, so production never
    /// generates keys and never starts without them.
    /// </summary>
    public string? DevelopmentDirectory { get; set; }
}
