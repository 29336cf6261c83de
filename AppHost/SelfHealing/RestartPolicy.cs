using Microsoft.Extensions.Configuration;

namespace ReferenceApp.AppHost.SelfHealing;

/// <summary>
/// How a local run restarts a process that exited on its own, as Kubernetes does for <c>restartPolicy: Always</c>:
/// exponential backoff from <see cref="InitialDelay"/> doubling up to <see cref="MaxDelay"/>, back to the initial delay
/// once a process has stayed up for <see cref="ResetAfter"/>. Settings under <c>SelfHealing</c>.
/// </summary>
public sealed record RestartPolicy
{
    public const string Section = "SelfHealing";

    /// <summary>Off (<c>--SelfHealing:Enabled=false</c>) leaves an exited process Finished, as Aspire does by itself.</summary>
    public bool Enabled { get; init; } = true;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromSeconds(60);

    public static RestartPolicy From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<RestartPolicy>() ?? new RestartPolicy();

    /// <summary>The wait before restart number <paramref name="attempt"/> (1 for the first) of a crash loop.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var delay = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxDelay.TotalMilliseconds));
    }
}
