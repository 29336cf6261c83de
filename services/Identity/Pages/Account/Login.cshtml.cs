using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

using ReferenceApp.Identity.Accounts;

namespace ReferenceApp.Identity.Pages.Account;

/// <summary>
/// Sign-in with email and password. Wrong passwords count towards the lockout; a locked account is refused even with
/// the right password until the lockout ends. A refused sign-in answers 400 with the form and the reason.
/// </summary>
public sealed class LoginModel(SignInManager<IdentityUser> signIn) : PageModel
{
    public const string LockedOutMessage = "This account is locked after too many failed sign-ins. Try again later.";
    public const string InvalidMessage = "Wrong email or password.";

    [BindProperty, Required, EmailAddress]
    public string Email { get; set; } = "";

    [BindProperty, Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return LocalRedirect(SafeReturnUrl.Of(ReturnUrl, Url));
            }

            ModelState.AddModelError("", result.IsLockedOut ? LockedOutMessage : InvalidMessage);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
