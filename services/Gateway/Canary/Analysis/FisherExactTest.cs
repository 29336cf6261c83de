namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// One-sided Fisher's exact test on the 2×2 table (v1, v2) × (error, success): the probability, if both versions failed
/// at the same rate, that v2 would have drawn at least its errors out of all the errors of both. Exact, so it stays right
/// where the z-test's normal approximation is not (a handful of errors): one 503 in 50 beside 0 in 450 has p = 0.10 here,
/// where the z-test would claim 99.9 % confidence.
/// </summary>
public static class FisherExactTest
{
    /// <summary>P(X ≥ canaryErrors) for X ~ Hypergeometric(population n1 + n2, successes e1 + e2, draws n2).</summary>
    public static double OneSidedPValue(int stableErrors, int stableRequests, int canaryErrors, int canaryRequests)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stableRequests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(canaryRequests, 1);
        var population = stableRequests + canaryRequests;
        var errors = stableErrors + canaryErrors;
        var highest = Math.Min(errors, canaryRequests);
        var total = LogChoose(population, canaryRequests);
        var p = 0.0;
        for (var k = canaryErrors; k <= highest; k++)
        {
            p += Math.Exp(LogChoose(errors, k) + LogChoose(population - errors, canaryRequests - k) - total);
        }

        return Math.Min(1, p);
    }

    private static double LogChoose(int n, int k) =>
        k < 0 || k > n ? double.NegativeInfinity : LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    /// <summary>ln(n!): summed exactly up to 256, Stirling's series beyond (error below 1e-10 there).</summary>
    private static double LogFactorial(int n)
    {
        if (n < SmallLogFactorials.Length)
        {
            return SmallLogFactorials[n];
        }

        double x = n;
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x)) + (1 / (12 * x)) - (1 / (360 * x * x * x));
    }

    private static readonly double[] SmallLogFactorials = CreateSmallLogFactorials();

    private static double[] CreateSmallLogFactorials()
    {
        var table = new double[257];
        for (var i = 2; i < table.Length; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }
}
