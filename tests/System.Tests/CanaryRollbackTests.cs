namespace ReferenceApp.SystemTests;

/// <summary>
/// A faulty canary against the real orders service: orders-v2 answers 503 to half its requests
/// (Canary:V2Faults:FailureRate), and the gateway's analysis must roll it back. Runs its own AppHost, since the
/// shared one must keep a healthy canary.
/// </summary>
public class CanaryRollbackTests
{
    private const double FailureRate = 0.5;
    private const int Weight = 50;

    [Fact]
    public async Task A_failing_canary_is_rolled_back_then_v1_serves_everything()
    {
        await using var host = await ReferenceAppHost.StartAsync(null,
            $"--Canary:V2Faults:FailureRate={FailureRate}",
            $"--Parameters:canary-weight={Weight}");
        using var gateway = await GatewayClient.SignedInAsync(host);

        var requests = 0;
        var errors = 0;
        var state = "";
        // Bounded by requests, not time: the analysis judges once v2 has its minimum request count in the window.
        while (requests < 20_000)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => gateway.GetProductsAsync()));
            requests += results.Length;
            errors += results.Count(r => r.Status >= 500);
            state = (await gateway.CanaryAsync()).GetProperty("state").GetString()!;
            if (state == "RolledBack")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("RolledBack", state);
        var canary = await gateway.CanaryAsync();
        Assert.Equal(0, canary.GetProperty("weights").GetProperty("v2").GetInt32());

        // Before the rollback clients could only see v2's failures on v2's share of traffic (with sampling slack).
        Assert.InRange((double)errors / requests, 0, (Weight / 100.0 * FailureRate) + 0.08);

        var after = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => gateway.GetProductsAsync()));
        Assert.All(after, answer =>
        {
            Assert.Equal(200, answer.Status);
            Assert.Equal("v1", answer.Version);
        });
    }
}
