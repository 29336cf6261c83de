using System.Net;
using ReferenceApp.Identity.Pages.Account;

namespace ReferenceApp.Identity.Tests;

/// <summary>Sign-in with the password, and the lockout after repeated wrong passwords (3 here, by configuration).</summary>
public sealed class SignInTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int MaxFailures = 3;
    private IdentityApp app = null!;

    public async ValueTask InitializeAsync() => app = new IdentityApp(
        await postgres.NewDatabaseAsync("identity_signin"),
        settings: new Dictionary<string, string?> { ["Identity:Accounts:Lockout:MaxFailedAccessAttempts"] = MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_wrong_password_is_a_400_saying_so_and_the_right_one_signs_in()
    {
        var customer = await app.Tokens.RegisterCustomerAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var browser = app.Tokens.NewBrowser();

        using var wrong = await SignInAsync(browser, customer with { Password = "not the password" });
        using var right = await SignInAsync(browser, customer);

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains(LoginModel.InvalidMessage, await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
    }

    [Fact]
    public async Task After_repeated_wrong_passwords_even_the_right_password_is_refused()
    {
        var customer = await app.Tokens.RegisterCustomerAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var browser = app.Tokens.NewBrowser();
        for (var i = 0; i < MaxFailures; i++)
        {
            using var wrong = await SignInAsync(browser, customer with { Password = "guess " + i });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var right = await SignInAsync(browser, customer);
        var refused = await Assert.ThrowsAsync<IdentityFlowException>(() =>
            app.Tokens.SignInAsync(customer, IdentityApp.Storefront, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains(LoginModel.LockedOutMessage, await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }

    [Fact]
    public async Task Fewer_wrong_passwords_than_the_limit_do_not_lock()
    {
        var customer = await app.Tokens.RegisterCustomerAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var browser = app.Tokens.NewBrowser();
        for (var i = 0; i < MaxFailures - 1; i++)
        {
            using var wrong = await SignInAsync(browser, customer with { Password = "guess " + i });
        }

        var issued = await app.Tokens.SignInAsync(customer, IdentityApp.Storefront, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(issued.AccessToken);
    }

    [Theory]
    [InlineData("", "a password", "Email")]
    [InlineData("not-an-email", "a password", "Email")]
    [InlineData("someone@referenceapp.test", "", "Password")]
    public async Task A_malformed_sign_in_is_a_400_naming_the_field(string email, string password, string field)
    {
        using var browser = app.Tokens.NewBrowser();

        using var response = await SignInAsync(browser, new UserCredentials(email, password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(RegistrationTests.FieldError(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), field)));
    }

    private static Task<HttpResponseMessage> SignInAsync(IdentityBrowser browser, UserCredentials user) =>
        browser.SubmitFormAsync("Account/Login", new Dictionary<string, string> { ["Email"] = user.Email, ["Password"] = user.Password, ["ReturnUrl"] = "/" },
            TestContext.Current.CancellationToken);
}
