namespace Microsoft.Extensions.Hosting;

/// <summary>Where a service gets the access token it sends when it calls another service on its own behalf.</summary>
public interface IAccessTokenSource
{
    ValueTask<string> GetTokenAsync(string scope, CancellationToken cancellationToken);

    /// <summary>The callee refused the token (401): forget it, so the next call asks for a new one.</summary>
    void Invalidate(string scope);
}
