namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// One-sided two-proportion z-test: is v2's error rate higher than v1's by more than chance over the same window?
/// The normal approximation is what Kayenta's and Argo Rollouts' error-rate comparisons amount to at large sample sizes;
/// <see cref="ErrorRateComparison"/> uses Fisher's exact test instead where the counts are too small for it.
/// </summary>
public static class TwoProportionTest
{
    /// <summary>z for a one-sided test at 99 % confidence (Φ⁻¹(0.99)).</summary>
    public const double Z99 = 2.326;

    /// <summary>
    /// z = (p2 - p1) / sqrt(p(1-p)(1/n1 + 1/n2)) with the pooled rate p = (e1 + e2) / (n1 + n2).
    /// 0 when neither version had an error (nothing to compare).
    /// </summary>
    public static double Z(int stableErrors, int stableRequests, int canaryErrors, int canaryRequests)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stableRequests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(canaryRequests, 1);
        var p1 = (double)stableErrors / stableRequests;
        var p2 = (double)canaryErrors / canaryRequests;
        var pooled = (double)(stableErrors + canaryErrors) / (stableRequests + canaryRequests);
        var standardError = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / stableRequests) + (1.0 / canaryRequests)));
        return standardError == 0 ? 0 : (p2 - p1) / standardError;
    }

    /// <summary>P(Z ≥ z) for a standard normal Z: the one-sided p-value of <paramref name="z"/>.</summary>
    public static double OneSidedPValue(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7 everywhere).</summary>
    private static double Erfc(double x)
    {
        ReadOnlySpan<double> coefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var polynomial = 0.0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            polynomial = coefficients[i] + (t * polynomial);
        }

        var r = t * Math.Exp(-(z * z) + polynomial);
        return x >= 0 ? r : 2 - r;
    }
}
