using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReferenceApp.Frontend.Services;

/// <summary>Turns a failed response (RFC 9457 problem+json or not) into a <see cref="ServiceProblem"/>.</summary>
public static class ProblemDocument
{
    public static async Task<ServiceProblem> ReadAsync(HttpResponseMessage response, string service, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return ServiceProblem.Unavailable(service) with { StatusCode = status };
        }

        ProblemBody? body = null;
        try
        {
            if (response.Content.Headers.ContentType?.MediaType is { } mediaType && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                body = await response.Content.ReadFromJsonAsync<ProblemBody>(JsonSerializerOptions.Web, cancellationToken);
            }
        }
        catch (JsonException)
        {
            // A body we cannot read still has a status code worth reporting.
        }

        var kind = response.StatusCode switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => ServiceProblemKind.Invalid,
            HttpStatusCode.NotFound => ServiceProblemKind.NotFound,
            HttpStatusCode.Conflict => ServiceProblemKind.Conflict,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ServiceProblemKind.Unauthorized,
            _ => ServiceProblemKind.Refused,
        };
        var message = body?.Detail ?? body?.Title ?? $"The {service} service refused the request ({status}).";
        return new ServiceProblem(kind, message, body?.Errors ?? ServiceProblem.NoFieldErrors, status);
    }

    private sealed record ProblemBody(string? Title, string? Detail, int? Status, Dictionary<string, string[]>? Errors);
}
