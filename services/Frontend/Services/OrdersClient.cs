using System.Net.Http.Json;
using System.Text.Json;

namespace ReferenceApp.Frontend.Services;

/// <summary>
/// The orders API, always through the gateway ("http://gateway", resolved by service discovery).
/// Every call says which customer it is for (X-Customer-Id), so the gateway keeps a customer on one orders version.
/// Failures come back as a <see cref="ServiceProblem"/>, never as an exception the page would have to catch.
/// </summary>
public sealed class OrdersClient(HttpClient http, ILogger<OrdersClient> logger)
{
    public const string OrdersVersionHeader = "X-Orders-Version";
    public const string CustomerHeader = "X-Customer-Id";
    private const string Service = "orders";

    public Task<ServiceResult<IReadOnlyList<Product>>> GetProductsAsync(string customerId, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<Product>>(Request(HttpMethod.Get, "/api/products", customerId), cancellationToken);

    public Task<ServiceResult<Order>> GetOrderAsync(string customerId, string orderId, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(Request(HttpMethod.Get, $"/api/orders/{Uri.EscapeDataString(orderId)}", customerId), cancellationToken);

    public Task<ServiceResult<OrderPage>> GetOrdersAsync(string customerId, int limit, string? after, CancellationToken cancellationToken = default)
    {
        // The orders API lists the token's customer (sub); the customer id only picks the orders version at the gateway.
        var query = $"/api/orders?limit={limit}";
        if (!string.IsNullOrEmpty(after))
        {
            query += $"&after={Uri.EscapeDataString(after)}";
        }

        return SendAsync<OrderPage>(Request(HttpMethod.Get, query, customerId), cancellationToken);
    }

    /// <summary>
    /// Places an order. The idempotency key comes from the checkout form, so a double submit or a retry
    /// (ours or the resilience handler's) replays the first order instead of placing a second one.
    /// </summary>
    public Task<ServiceResult<Order>> PlaceOrderAsync(PlaceOrderRequest order, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Post, "/api/orders", order.CustomerId);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        request.Content = JsonBody.Create(order);
        return SendAsync<Order>(request, cancellationToken);
    }

    public Task<ServiceResult<Order>> CancelOrderAsync(string customerId, string orderId, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(Request(HttpMethod.Post, $"/api/orders/{Uri.EscapeDataString(orderId)}/cancel", customerId), cancellationToken);

    private static HttpRequestMessage Request(HttpMethod method, string path, string customerId)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(CustomerHeader, customerId);
        return request;
    }

    private async Task<ServiceResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                var version = response.Headers.TryGetValues(OrdersVersionHeader, out var values) ? values.FirstOrDefault() : null;
                if (!response.IsSuccessStatusCode)
                {
                    var problem = await ProblemDocument.ReadAsync(response, Service, cancellationToken);
                    return ServiceResult<T>.Failure(problem, version);
                }

                var value = await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken);
                return value is null
                    ? ServiceResult<T>.Failure(ServiceProblem.Unavailable(Service), version)
                    : ServiceResult<T>.Success(value, version);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TimeoutException
                                          or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                          || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                logger.LogWarning(e, "Orders request {Method} {Path} failed", request.Method, request.RequestUri?.AbsolutePath);
                return ServiceResult<T>.Failure(ServiceProblem.Unavailable(Service));
            }
        }
    }
}
