using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Turns request-binding failures (malformed JSON, wrong types, missing body, oversized body) into RFC 9457 problems
/// that name the field, instead of the framework's empty 400 or a 500.
/// </summary>
public sealed partial class BadRequestProblems(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var status = badRequest.StatusCode;
        ProblemDetails problem = status == StatusCodes.Status413PayloadTooLarge
            ? new ProblemDetails { Title = "Request body too large.", Detail = badRequest.Message }
            : new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [FieldOf(badRequest)] = [badRequest.InnerException is JsonException ? "The value is not valid JSON for this field." : "The value is not valid."],
            });
        problem.Status = status;
        context.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>
    /// "$.items[1].quantity" becomes "items[1].quantity"; a query or route value that does not bind is named by its parameter;
    /// a failure at the root (or no body at all) is "body".
    /// </summary>
    public static string FieldOf(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException { Path: { } path })
        {
            return path.StartsWith("$.", StringComparison.Ordinal) && path.Length > 2 ? path[2..]
                : path.StartsWith("$[", StringComparison.Ordinal) ? path[1..]
                : "body";
        }

        // The framework's message is 'Failed to bind parameter "int? limit" from "ten".'; the parameter name is the field.
        var match = UnboundParameter().Match(exception.Message);
        return match.Success ? match.Groups["name"].Value : "body";
    }

    [GeneratedRegex("""^Failed to bind parameter "[^"]* (?<name>\w+)" from""")]
    private static partial Regex UnboundParameter();
}

public static class BadRequestProblemsExtensions
{
    /// <summary>Maximum accepted request body; anything larger is answered 413 before it is read.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        services.AddExceptionHandler<BadRequestProblems>();
        // Without this, minimal APIs answer binding failures with an empty 400 and no hint of the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // The web default reads "2" as a number; a string where the contract says number is a wrong type.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        return services;
    }

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large.",
                    detail: $"The body may be at most {MaxBodyBytes} bytes.").ExecuteAsync(context);
                return;
            }

            // Chunked bodies have no Content-Length: the server stops reading at the limit and BadRequestProblems answers 413.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }

            await next(context);
        });
}
