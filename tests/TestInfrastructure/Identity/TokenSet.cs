using System.Text;
using System.Text.Json;

namespace ReferenceApp.Testing.Identity;

/// <summary>What the token endpoint answered; <see cref="AccessTokenClaims"/> reads the JWT's payload (no validation: the services do that).</summary>
public sealed record TokenSet(string AccessToken, string? IdToken, string? RefreshToken)
{
    public JsonElement AccessTokenClaims => PayloadOf(AccessToken);

    /// <summary>The subject (`sub`): the customer id orders and payments use.</summary>
    public string Subject => AccessTokenClaims.GetProperty("sub").GetString()!;

    public static JsonElement PayloadOf(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException($"Not a signed JWT (it has {parts.Length} parts; an encrypted token has 5).");
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - payload.Length % 4) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.Clone();
    }
}
