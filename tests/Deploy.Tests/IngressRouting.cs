using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// Which Service an Ingress sends a path to, by the Ingress specification's rules: an Exact match wins, then the
/// longest Prefix match, where a Prefix matches whole path elements ("/api" matches "/api/orders", not "/apis").
/// </summary>
public static class IngressRouting
{
    public static string? Resolve(V1Ingress ingress, string path)
    {
        var paths = ingress.Spec.Rules.SelectMany(r => r.Http?.Paths ?? []).ToList();
        var exact = paths.FirstOrDefault(p => p.PathType == "Exact" && p.Path == path);
        if (exact is not null)
        {
            return exact.Backend.Service?.Name;
        }

        return paths
            .Where(p => p.PathType == "Prefix" && PrefixMatches(p.Path, path))
            .OrderByDescending(p => p.Path.TrimEnd('/').Length)
            .FirstOrDefault()?.Backend.Service?.Name;
    }

    private static bool PrefixMatches(string prefix, string path)
    {
        var want = prefix.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var have = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return want.Length <= have.Length && want.SequenceEqual(have.Take(want.Length), StringComparer.Ordinal);
    }
}
