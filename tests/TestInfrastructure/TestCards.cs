namespace ReferenceApp.Testing;

/// <summary>
/// Card details for tests that run against the real clock. A literal expiry such as "12/30" turns every such test red the
/// month after it passes; one computed from today never does.
/// </summary>
public static class TestCards
{
    /// <summary>An expiry (MM/YY) that is valid today and for years to come.</summary>
    public static string FutureExpiry => ExpiryAfter(DateTimeOffset.UtcNow);

    /// <summary>December three years after <paramref name="now"/>, as MM/YY (the format itself stops at 2099).</summary>
    public static string ExpiryAfter(DateTimeOffset now) => $"12/{(now.Year + 3) % 100:00}";
}
