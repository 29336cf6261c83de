namespace ReferenceApp.Identity.Seeding;

/// <summary>
/// Development accounts (section Identity:DemoUsers): each is seeded only when its password is set. The AppHost sets
/// them from its parameters in local runs and prints them in its own console; the service never logs a password.
/// </summary>
public sealed class DemoUserOptions
{
    public const string Section = "Identity:DemoUsers";

    public string CustomerUserName { get; set; } = "customer@referenceapp.test";

    public string? CustomerPassword { get; set; }

    public string OperatorUserName { get; set; } = "operator@referenceapp.test";

    public string? OperatorPassword { get; set; }
}
