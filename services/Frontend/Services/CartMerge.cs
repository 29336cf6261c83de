using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// What a visitor put in the cart before signing in is kept: at sign-in the anonymous cart (keyed by the customer cookie)
/// is added to the signed-in customer's cart (keyed by the token's <c>sub</c>) and emptied.
/// </summary>
public static class CartMerge
{
    public static async Task OnSignedInAsync(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject)
            || !context.Request.Cookies.TryGetValue(CustomerIdentity.CookieName, out var anonymous)
            || !CustomerIdentity.IsValid(anonymous))
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        try
        {
            await services.GetRequiredService<CartStore>().MergeAsync(anonymous!, subject);
        }
        catch (Exception e) when (CartAvailability.IsUnavailable(e))
        {
            // The sign-in still succeeds; the anonymous cart stays where it was.
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CartMerge))
                .LogWarning(e, "The anonymous cart could not be merged at sign-in");
        }
    }
}
