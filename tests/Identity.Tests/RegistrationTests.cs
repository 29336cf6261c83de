using System.Net;
using System.Text.RegularExpressions;

namespace ReferenceApp.Identity.Tests;

/// <summary>Registration: a good form creates a signed-in customer; bad input is a 400 form naming the field, nothing stored.</summary>
public sealed partial class RegistrationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private IdentityApp app = null!;

    public async ValueTask InitializeAsync() => app = new IdentityApp(await postgres.NewDatabaseAsync("identity_registration"));

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_good_registration_redirects_back_signed_in()
    {
        using var browser = app.Tokens.NewBrowser();

        using var response = await RegisterAsync(browser, "ada@referenceapp.test", "a long enough passphrase", returnUrl: "/");
        using var home = await browser.Http.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.ToString());
        Assert.Contains("Signed in as ada@referenceapp.test", await home.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("not-an-email", "a long enough passphrase", "a long enough passphrase", "Email")]
    [InlineData("", "a long enough passphrase", "a long enough passphrase", "Email")]
    [InlineData("short@referenceapp.test", "short", "short", "Password")]
    [InlineData("aaaa@referenceapp.test", "aaaaaaaaaaaa", "aaaaaaaaaaaa", "Password")]
    [InlineData("nopassword@referenceapp.test", "", "", "Password")]
    [InlineData("mismatch@referenceapp.test", "a long enough passphrase", "another passphrase", "ConfirmPassword")]
    public async Task Bad_input_is_a_400_form_with_the_error_beside_its_field_and_no_account(string email, string password, string confirm, string field)
    {
        using var browser = app.Tokens.NewBrowser();

        using var response = await RegisterAsync(browser, email, password, confirm);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(FieldError(html, field)), $"No error beside {field}: {html}");
        await Assert.ThrowsAsync<IdentityFlowException>(() =>
            app.Tokens.SignInAsync(new UserCredentials(email, password), IdentityApp.Storefront, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_email_already_registered_is_a_400_about_the_email()
    {
        await app.Tokens.RegisterCustomerAsync("taken@referenceapp.test", "a long enough passphrase", TestContext.Current.CancellationToken);
        using var browser = app.Tokens.NewBrowser();

        using var response = await RegisterAsync(browser, "taken@referenceapp.test", "another long passphrase");
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("taken@referenceapp.test", FieldError(html, "Email"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_without_its_anti_forgery_token_is_refused()
    {
        using var browser = app.Tokens.NewBrowser();

        using var response = await browser.Http.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "forged@referenceapp.test",
            ["Password"] = "a long enough passphrase",
            ["ConfirmPassword"] = "a long enough passphrase",
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Assert.ThrowsAsync<IdentityFlowException>(() => app.Tokens.SignInAsync(
            new UserCredentials("forged@referenceapp.test", "a long enough passphrase"), IdentityApp.Storefront, cancellationToken: TestContext.Current.CancellationToken));
    }

    private static Task<HttpResponseMessage> RegisterAsync(IdentityBrowser browser, string email, string password, string? confirm = null, string returnUrl = "") =>
        browser.SubmitFormAsync("Account/Register", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ConfirmPassword"] = confirm ?? password,
            ["ReturnUrl"] = returnUrl,
        }, TestContext.Current.CancellationToken);

    /// <summary>The text of the validation message rendered for <paramref name="field"/> (the span the form puts beside it).</summary>
    internal static string FieldError(string html, string field)
    {
        var match = Regex.Match(html, $"<span[^>]*data-valmsg-for=\"{field}\"[^>]*>(.*?)</span>", RegexOptions.Singleline);
        return match.Success ? System.Net.WebUtility.HtmlDecode(Regex.Replace(match.Groups[1].Value, "<[^>]+>", "")).Trim() : "";
    }
}
