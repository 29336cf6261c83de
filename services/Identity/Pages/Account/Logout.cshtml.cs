using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ReferenceApp.Identity.Pages.Account;

/// <summary>Signs out of the provider itself (clients sign out through /connect/endsession, which also returns to them).</summary>
public sealed class LogoutModel(SignInManager<IdentityUser> signIn) : PageModel
{
    public bool SignedOut { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        SignedOut = true;
        return Page();
    }
}
