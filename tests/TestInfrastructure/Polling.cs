namespace ReferenceApp.Testing;

/// <summary>Waits for what another component makes true in the background; the bound only keeps a broken run from hanging.</summary>
public static class Polling
{
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan within, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met in time.");
            await Task.Delay(50, cancellationToken);
        }
    }
}
