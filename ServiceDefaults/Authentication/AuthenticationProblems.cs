using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// 401 and 403 answered as RFC 9457 problem documents (the handler's defaults send an empty body), keeping the
/// WWW-Authenticate header a bearer client expects.
/// </summary>
public static class AuthenticationProblems
{
    public static Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var invalidToken = context.AuthenticateFailure is not null;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = invalidToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        return WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required.",
            invalidToken
                ? "The access token is not valid (expired, wrongly signed, or for another issuer or audience)."
                : "Send an access token from the identity service: Authorization: Bearer <token>.");
    }

    public static Task ForbiddenAsync(ForbiddenContext context) =>
        WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed.",
            "The access token lacks the scope or role this call needs.");

    private static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
