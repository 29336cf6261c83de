namespace ReferenceApp.Testing.Identity;

/// <summary>An account at the identity service: the email is the user name.</summary>
public sealed record UserCredentials(string Email, string Password);
