using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// Keeps the session's access token usable: shortly before it expires the refresh token (scope offline_access) gets a
/// new one from the identity service's token endpoint and the session cookie is renewed with it. When that is refused
/// (refresh token revoked or expired) the session ends, so the customer signs in again instead of meeting 401s.
/// </summary>
public static class AccessTokenRefresher
{
    /// <summary>Refresh this long before expiry, so a token never expires between the check and the gateway call.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        if (expiresAt is null
            || !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires))
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (expires - Margin > now)
        {
            return;
        }

        var refreshed = await RefreshAsync(context, services, now);
        if (!refreshed)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static async Task<bool> RefreshAsync(CookieValidatePrincipalContext context, IServiceProvider services, DateTimeOffset now)
    {
        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        if (string.IsNullOrEmpty(refreshToken))
        {
            return false;
        }

        var options = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccessTokenRefresher));
        try
        {
            var configuration = options.Configuration
                                ?? await options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
            using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = options.ClientId!,
                ["client_secret"] = options.ClientSecret ?? "",
            }), context.HttpContext.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("The refresh token was refused ({Status}); the customer signs in again", (int)response.StatusCode);
                return false;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
            var root = body.RootElement;
            if (!root.TryGetProperty("access_token", out var accessToken) || !root.TryGetProperty("expires_in", out var expiresIn))
            {
                return false;
            }

            context.Properties.UpdateTokenValue("access_token", accessToken.GetString()!);
            context.Properties.UpdateTokenValue("expires_at",
                now.AddSeconds(expiresIn.GetInt32()).ToString("o", CultureInfo.InvariantCulture));
            if (root.TryGetProperty("refresh_token", out var newRefreshToken))
            {
                context.Properties.UpdateTokenValue("refresh_token", newRefreshToken.GetString()!);
            }

            context.ShouldRenew = true;
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException)
        {
            logger.LogWarning(e, "The access token could not be refreshed; the customer signs in again");
            return false;
        }
    }
}
