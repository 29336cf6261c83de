namespace ReferenceApp.Frontend.Services;

public enum ServiceProblemKind
{
    /// <summary>The service could not be reached or failed (5xx, timeout): the outcome of a write is unknown.</summary>
    Unavailable,
    /// <summary>The service refused the request as invalid (400/422): nothing was done.</summary>
    Invalid,
    NotFound,
    /// <summary>The request conflicts with the resource's state (409), e.g. an order that can no longer be cancelled.</summary>
    Conflict,
    /// <summary>The frontend's credentials were refused (401/403).</summary>
    Unauthorized,
    /// <summary>Any other refusal (e.g. 402 payment declined).</summary>
    Refused,
}

/// <summary>What went wrong, in words a person can read, with field errors from an RFC 9457 problem document.</summary>
public sealed record ServiceProblem(ServiceProblemKind Kind, string Message, IReadOnlyDictionary<string, string[]> FieldErrors, int? StatusCode = null)
{
    public static ServiceProblem Unavailable(string service) =>
        new(ServiceProblemKind.Unavailable, $"The {service} service is not answering right now. Please try again in a moment.", NoFieldErrors);

    public static IReadOnlyDictionary<string, string[]> NoFieldErrors { get; } = new Dictionary<string, string[]>();
}

/// <summary>Either a value or a problem; <see cref="OrdersVersion"/> says which orders release answered (X-Orders-Version).</summary>
public sealed record ServiceResult<T>(T? Value, ServiceProblem? Problem, string? OrdersVersion = null)
{
    public bool Succeeded => Problem is null && Value is not null;

    public static ServiceResult<T> Success(T value, string? ordersVersion = null) => new(value, null, ordersVersion);

    public static ServiceResult<T> Failure(ServiceProblem problem, string? ordersVersion = null) => new(default, problem, ordersVersion);
}
