using System.Globalization;
using ReferenceApp.Deploy.Input;

namespace ReferenceApp.Deploy.Model;

/// <summary>
/// A router setting the AppHost feeds from a parameter (Canary__Weight = {canary-weight.value}) takes the profile's
/// canary weight: one source of truth for the gateway's split and the Istio one.
/// </summary>
public static class CanaryParameters
{
    public static IReadOnlyList<(CanaryProfile Canary, string Parameter, string Value)> Of(AspireManifest manifest, DeploymentProfile profile)
    {
        var result = new List<(CanaryProfile, string, string)>();
        foreach (var canary in profile.Canaries)
        {
            if (manifest.Resources.GetValueOrDefault(canary.Router) is ProjectResource router
                && router.Env.TryGetValue(canary.RouterSetting, out var template)
                && Placeholders.Whole(template) is { Field: "value" } whole
                && manifest.Resources.GetValueOrDefault(whole.Resource) is ParameterResource { Secret: false } parameter)
            {
                result.Add((canary, parameter.Name, canary.CanaryWeight.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return result;
    }

    /// <summary>The values the placeholder resolver uses for those parameters.</summary>
    public static Dictionary<string, string> Values(AspireManifest manifest, DeploymentProfile profile)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, parameter, value) in Of(manifest, profile))
        {
            result[parameter] = value;
        }

        return result;
    }
}
