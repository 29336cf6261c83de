using Microsoft.Extensions.DependencyInjection;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Tests;

/// <summary>The simulated provider, counting how often it is asked: the number a double authorization would show.</summary>
public sealed class CountingCardProvider(ICardProvider inner) : ICardProvider
{
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public Task<ProviderOutcome> AuthorizeAndCaptureAsync(string last4, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        return inner.AuthorizeAndCaptureAsync(last4, cancellationToken);
    }

    /// <summary>Replaces the service's provider with a counting wrapper around the simulated one.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton(sp => new CountingCardProvider(ActivatorUtilities.CreateInstance<SimulatedCardProvider>(sp)));
        services.AddSingleton<ICardProvider>(sp => sp.GetRequiredService<CountingCardProvider>());
    }
}
