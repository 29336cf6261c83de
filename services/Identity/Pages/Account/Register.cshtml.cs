using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferenceApp.Identity.Accounts;

namespace ReferenceApp.Identity.Pages.Account;

/// <summary>
/// Creates a customer account (user name = email), signs it in and returns to where the customer came from.
/// Bad input answers 400 with the form, each error beside the field it is about; nothing is stored.
/// </summary>
public sealed class RegisterModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, ILogger<RegisterModel> logger) : PageModel
{
    [BindProperty, Required, EmailAddress, StringLength(254)]
    public string Email { get; set; } = "";

    [BindProperty, Required, DataType(DataType.Password), StringLength(200)]
    public string Password { get; set; } = "";

    [BindProperty, Required, DataType(DataType.Password), Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    [Display(Name = "Confirm password")]
    public string ConfirmPassword { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var user = new IdentityUser { UserName = Email, Email = Email };
            var created = await users.CreateAsync(user, Password);
            if (created.Succeeded)
            {
                var role = await users.AddToRoleAsync(user, Roles.Customer);
                if (!role.Succeeded)
                {
                    // Never leave an account without its role half-written.
                    await users.DeleteAsync(user);
                    throw new InvalidOperationException($"Adding the customer role failed: {role.Errors.First().Description}");
                }

                logger.LogInformation("Customer {UserId} registered.", user.Id);
                await signIn.SignInAsync(user, isPersistent: false);
                return LocalRedirect(SafeReturnUrl.Of(ReturnUrl, Url));
            }

            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(AccountRules.FieldOf(error), error.Description);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
