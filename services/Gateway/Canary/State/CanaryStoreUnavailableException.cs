namespace ReferenceApp.Gateway.Canary.State;

/// <summary>The shared store could not be read or written; the decision was not changed anywhere.</summary>
public sealed class CanaryStoreUnavailableException(string message, Exception innerException) : Exception(message, innerException);
