using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReferenceApp.Gateway.Tests.Support;

namespace ReferenceApp.Gateway.Tests.Integration;

/// <summary>
/// One verdict for all replicas (issue 14, item 3): two gateways in one process on the same Redis key, each seeing half of
/// v2's failures. Neither half reaches the minimum sample, the sum does: the canary is rolled back, on both.
/// </summary>
public sealed class SharedAnalysisTests(RedisFixture redis) : SharedAnalysisContract(redis);

/// <summary>The same on Garnet: its Lua runs the lease scripts as Redis does.</summary>
public sealed class SharedAnalysisOnGarnetTests(GarnetFixture garnet) : SharedAnalysisContract(garnet);

public abstract class SharedAnalysisContract(CacheFixture cache) : GatewayTestBase(cache)
{
    private const int MinimumRequests = 50;
    private const int HalfOfV2 = 30; // each replica's share: below MinimumRequests, the sum above

    [Fact]
    public async Task Two_replicas_each_seeing_half_of_v2s_failures_roll_it_back_together()
    {
        V2.FailEvery = 2;
        var settings = new Dictionary<string, string?>
        {
            ["Canary:Analysis:Interval"] = "00:00:00.100",
            ["Canary:Analysis:MinimumRequests"] = MinimumRequests.ToString(CultureInfo.InvariantCulture),
        };
        await using var a = await StartGatewayAsync(weight: 50, extra: settings);
        await using var b = await StartGatewayAsync(weight: 50, stateKey: a.StateKey, extra: settings);
        using var clientOfA = a.Anonymous();
        using var clientOfB = b.Anonymous();

        // Half of v2's traffic through a: a's own window is short of the minimum, and so is what a judges.
        await SendStuckAsync(clientOfA);
        await GatewayUnderTest.WaitForAsync(async () => Reason(await a.CanaryAsync(Cancellation)).Contains($"{HalfOfV2} of {MinimumRequests} requests needed", StringComparison.Ordinal)
            || Reason(await b.CanaryAsync(Cancellation)).Contains($"{HalfOfV2} of {MinimumRequests} requests needed", StringComparison.Ordinal), Cancellation);
        Assert.Equal("Progressing", (await a.CanaryAsync(Cancellation)).GetProperty("state").GetString());

        // The other half through b: together they are judged, and the rollback reaches both.
        await SendStuckAsync(clientOfB);
        await GatewayUnderTest.WaitForAsync(async () => (await a.CanaryAsync(Cancellation)).GetProperty("state").GetString() == "RolledBack"
            && (await b.CanaryAsync(Cancellation)).GetProperty("state").GetString() == "RolledBack", Cancellation);

        var canary = await a.CanaryAsync(Cancellation);
        var reason = canary.GetProperty("reason").GetString();
        // Judged as soon as the sum reached the minimum sample: more v2 requests than either replica had seen.
        var judged = Regex.Match(reason!, @"\((\d+) errors in (\d+) requests\)");
        Assert.True(judged.Success, reason);
        Assert.InRange(int.Parse(judged.Groups[2].Value, CultureInfo.InvariantCulture), Math.Max(MinimumRequests, HalfOfV2 + 1), 2 * HalfOfV2);
        Assert.Contains("window of 2 gateway replicas", reason, StringComparison.Ordinal);
        // Each replica's own window still holds only its half.
        Assert.Equal(HalfOfV2, canary.GetProperty("versions").GetProperty("v2").GetProperty("requests").GetInt32());
    }

    /// <summary>Clients stuck to v2 and to v1 (cookies, not the operator's override, so they count).</summary>
    private static async Task SendStuckAsync(HttpClient client)
    {
        for (var i = 0; i < HalfOfV2; i++)
        {
            await SendAsync(client, cookie: "v2");
            await SendAsync(client, cookie: "v1");
            await SendAsync(client, cookie: "v1");
        }
    }

    private static string Reason(JsonElement canary) =>
        canary.TryGetProperty("analysis", out var analysis) && analysis.ValueKind == JsonValueKind.Object
            ? analysis.GetProperty("reason").GetString() ?? ""
            : "";
}
