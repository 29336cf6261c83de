using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ReferenceApp.Identity.Keys;

/// <summary>
/// The server's signing and encryption keys, the same on every start: read from configured PEM files, or in
/// development created once in a folder and read from there afterwards. A key id derived from the public key keeps
/// the JWKS `kid` stable, so tokens issued before a restart still validate after it.
/// </summary>
public sealed record TokenKeys(RsaSecurityKey Signing, RsaSecurityKey Encryption)
{
    public const string SigningFileName = "signing.pem";
    public const string EncryptionFileName = "encryption.pem";

    public static TokenKeys Load(KeyOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrEmpty(options.SigningKeyFile) || !string.IsNullOrEmpty(options.EncryptionKeyFile))
        {
            return new(Read(options.SigningKeyFile, nameof(options.SigningKeyFile)), Read(options.EncryptionKeyFile, nameof(options.EncryptionKeyFile)));
        }

        if (string.IsNullOrEmpty(options.DevelopmentDirectory))
        {
            throw new InvalidOperationException(
                $"No token keys: set {KeyOptions.Section}:SigningKeyFile and :EncryptionKeyFile (PEM RSA keys), " +
                $"or in development {KeyOptions.Section}:DevelopmentDirectory.");
        }

        if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                $"{KeyOptions.Section}:DevelopmentDirectory generates keys and is refused in Production: " +
                $"set {KeyOptions.Section}:SigningKeyFile and :EncryptionKeyFile (PEM RSA keys from a Secret).");
        }

        Directory.CreateDirectory(options.DevelopmentDirectory);
        return new(
            ReadOrCreate(Path.Combine(options.DevelopmentDirectory, SigningFileName)),
            ReadOrCreate(Path.Combine(options.DevelopmentDirectory, EncryptionFileName)));
    }

    private static RsaSecurityKey Read(string? path, string setting)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException($"{KeyOptions.Section}:{setting} names no readable file ('{path}').");
        }

        return FromPem(File.ReadAllText(path));
    }

    private static RsaSecurityKey ReadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(2048);
            // Written to a temporary name and moved, so a concurrent start never reads half a key; the first move wins.
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, rsa.ExportPkcs8PrivateKeyPem());
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return FromPem(File.ReadAllText(path));
    }

    private static RsaSecurityKey FromPem(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(parameters.Modulus!))[..16] };
    }
}
