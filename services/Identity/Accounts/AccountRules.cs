using Microsoft.AspNetCore.Identity;

namespace ReferenceApp.Identity.Accounts;

/// <summary>
/// Password rules and sign-in lockout. Defaults here; every value can be changed with ASP.NET Core Identity's own
/// option names under Identity:Accounts (e.g. Identity:Accounts:Lockout:MaxFailedAccessAttempts,
/// Identity:Accounts:Lockout:DefaultLockoutTimeSpan, Identity:Accounts:Password:RequiredLength).
/// </summary>
public static class AccountRules
{
    public const string Section = "Identity:Accounts";

    public static void Defaults(IdentityOptions options)
    {
        // Length over composition (NIST SP 800-63B): long passphrases, no forced symbol or capital.
        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;

        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;

        // The user name is the email address.
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;
    }

    /// <summary>Which form field an Identity error is about, so the form shows it beside that field.</summary>
    public static string FieldOf(IdentityError error) =>
        error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password" : "Email";
}
