namespace ReferenceApp.Deploy.Input;

/// <summary>
/// The Aspire manifest or the deployment profile holds something the generator does not understand.
/// The message always names the resource (or profile entry) and the field, so the fix is obvious.
/// </summary>
public sealed class DeploymentInputException(string message) : Exception(message);
