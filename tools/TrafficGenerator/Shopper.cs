namespace ReferenceApp.TrafficGenerator;

/// <summary>One simulated customer: an id and, like a browser, the canary cookie the gateway gave it.</summary>
public sealed class Shopper(string customerId)
{
    public string CustomerId { get; } = customerId;

    /// <summary>The "canary-version" cookie value, once the gateway set one.</summary>
    public string? CanaryCookie { get; set; }
}
