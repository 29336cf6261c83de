using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// The gateway's canary admin API. An operator signed in with their account calls it with their access token (added by
/// <see cref="GatewayTokenHandler"/>; the gateway requires role operator). Only the break-glass operator-key session
/// uses the admin key instead, added here, server-side, from configuration (Frontend:GatewayAdminKey): it never
/// reaches a page, a browser or a log line.
/// </summary>
public sealed class CanaryAdminClient(HttpClient http, IOptions<FrontendOptions> options, IHttpContextAccessor httpContextAccessor,
    ILogger<CanaryAdminClient> logger)
{
    public const string AdminKeyHeader = "X-Admin-Key";
    private const string Service = "gateway admin";

    public bool IsConfigured => IsOperatorAccount || HasAdminKey;

    private bool HasAdminKey => !string.IsNullOrEmpty(options.Value.GatewayAdminKey);

    private bool IsOperatorAccount => httpContextAccessor.HttpContext?.User.IsInRole(CustomerAuthentication.OperatorRole) == true;

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
        if (!IsOperatorAccount)
        {
            request.Headers.Add(AdminKeyHeader, options.Value.GatewayAdminKey);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await ProblemDocument.ReadAsync(response, Service, cancellationToken);
                if (problem.Kind == ServiceProblemKind.Unauthorized)
                {
                    problem = problem with
                    {
                        Message = IsOperatorAccount
                            ? "The gateway refused your operator sign-in. Sign out and sign in again."
                            : "The gateway refused the frontend's admin key. Check that both use the same gateway-admin-key.",
                    };
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
