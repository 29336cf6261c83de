using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ReferenceApp.PostgresDatabase;

/// <summary>PostgreSQL unreachable (restarting, failing over) is a 503 the client may retry, not a 500.</summary>
internal sealed class DatabaseOutageProblems(IProblemDetailsService problemDetails, ILogger<DatabaseOutageProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOutage(exception))
        {
            return false;
        }

        logger.LogWarning("Database unavailable: {Message}", exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "2";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Database unavailable.", Detail = "Nothing was stored; retry later." },
        });
    }

    // Connection-level failures, and server states of class 08 (connection) and 57 (shutdown, cannot connect now).
    // Other server errors are bugs and stay 500s.
    private static bool IsOutage(Exception exception) => exception switch
    {
        PostgresException server => server.IsTransient || server.SqlState.StartsWith("08", StringComparison.Ordinal) || server.SqlState.StartsWith("57", StringComparison.Ordinal),
        NpgsqlException => true,
        _ => false,
    };
}
