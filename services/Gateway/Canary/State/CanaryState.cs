using System.Text.Json.Serialization;

namespace ReferenceApp.Gateway.Canary.State;

/// <summary>Where the canary stands. The names are part of the admin API contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CanaryState>))]
public enum CanaryState
{
    /// <summary>v2 gets nothing and no canary runs.</summary>
    Stable,

    /// <summary>v2 gets part of the traffic and is being analysed.</summary>
    Progressing,

    /// <summary>v2 gets all traffic.</summary>
    Promoted,

    /// <summary>v2 failed its analysis (or an operator pulled it) and gets nothing.</summary>
    RolledBack,
}
