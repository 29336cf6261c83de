namespace ReferenceApp.Gateway.Canary.Analysis;

/// <summary>
/// One-sided two-proportion z-test: is v2's error rate higher than v1's by more than chance over the same window?
/// The normal approximation is what Kayenta's and Argo Rollouts' error-rate comparisons amount to at these sample sizes;
/// the analysis only asks it once both versions have the minimum sample.
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
}
