using System.Net;

namespace ReferenceApp.Testing.Identity;

/// <summary>A step of the sign-in or registration flow did not answer as a browser expects; carries what it answered.</summary>
public sealed class IdentityFlowException(string step, HttpStatusCode status, string body)
    : Exception($"{step}: {(int)status} {status}. {Truncate(body)}")
{
    public HttpStatusCode Status { get; } = status;

    public string Body { get; } = body;

    private static string Truncate(string body) => body.Length > 2000 ? body[..2000] + "…" : body;
}
