using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// The gateway's canary admin API. The admin key is added here, server-side, from configuration
/// (Frontend:GatewayAdminKey): it never reaches a page, a browser or a log line.
/// </summary>
public sealed class CanaryAdminClient(HttpClient http, IOptions<FrontendOptions> options, ILogger<CanaryAdminClient> logger)
{
    public const string AdminKeyHeader = "X-Admin-Key";
    private const string Service = "gateway admin";

    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.GatewayAdminKey);

    public Task<ServiceResult<CanaryDocument>> GetAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/admin/canary", null, cancellationToken);

    public Task<ServiceResult<CanaryDocument>> SetWeightAsync(int v2Weight, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "/admin/canary/weight", JsonBody.Create(new { v2 = v2Weight }), cancellationToken);

    public Task<ServiceResult<CanaryDocument>> RollbackAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/admin/canary/rollback", null, cancellationToken);

    public Task<ServiceResult<CanaryDocument>> PromoteAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/admin/canary/promote", null, cancellationToken);

    private async Task<ServiceResult<CanaryDocument>> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return ServiceResult<CanaryDocument>.Failure(new ServiceProblem(ServiceProblemKind.Unauthorized,
                "The frontend has no gateway admin key configured (Frontend:GatewayAdminKey), so it cannot read the canary.",
                ServiceProblem.NoFieldErrors));
        }

        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(AdminKeyHeader, options.Value.GatewayAdminKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await ProblemDocument.ReadAsync(response, Service, cancellationToken);
                if (problem.Kind == ServiceProblemKind.Unauthorized)
                {
                    problem = problem with { Message = "The gateway refused the frontend's admin key. Check that both use the same gateway-admin-key." };
                }

                return ServiceResult<CanaryDocument>.Failure(problem);
            }

            var document = await response.Content.ReadFromJsonAsync<CanaryDocument>(JsonSerializerOptions.Web, cancellationToken);
            return document is null
                ? ServiceResult<CanaryDocument>.Failure(ServiceProblem.Unavailable(Service))
                : ServiceResult<CanaryDocument>.Success(document);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TimeoutException
                                      or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The exception carries no headers, so the key cannot leak through this log line.
            logger.LogWarning(e, "Gateway admin request {Method} {Path} failed", method, path);
            return ServiceResult<CanaryDocument>.Failure(ServiceProblem.Unavailable(Service));
        }
    }
}
