namespace ReferenceApp.Payments.Domain;

/// <summary>The card network: authorizes and captures in one call. Simulated here; a seam tests can wrap to count calls.</summary>
public interface ICardProvider
{
    Task<ProviderOutcome> AuthorizeAndCaptureAsync(string last4, CancellationToken cancellationToken);
}
