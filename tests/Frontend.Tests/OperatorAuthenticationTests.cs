using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

public sealed class OperatorAuthenticationTests
{
    [Theory]
    [InlineData("the-admin-key", "the-admin-key", true)]
    [InlineData("the-admin-ke", "the-admin-key", false)]
    [InlineData("THE-ADMIN-KEY", "the-admin-key", false)]
    [InlineData("", "the-admin-key", false)]
    [InlineData(null, "the-admin-key", false)]
    [InlineData("", "", false)]
    [InlineData(null, null, false)]
    public void Only_the_configured_key_signs_in_and_no_key_configured_signs_nobody_in(string? submitted, string? configured, bool expected) =>
        Assert.Equal(expected, OperatorAuthentication.IsOperatorKey(submitted, configured));

    [Theory]
    [InlineData("/operations", "/operations")]
    [InlineData("/operations?changed=true", "/operations?changed=true")]
    [InlineData(null, "/operations")]
    [InlineData("", "/operations")]
    [InlineData("https://evil.example/", "/operations")]
    [InlineData("//evil.example/", "/operations")]
    [InlineData("/\\evil.example/", "/operations")]
    [InlineData("operations", "/operations")]
    [InlineData("/\r\nx", "/operations")]
    public void After_sign_in_only_a_local_page_is_a_destination(string? returnUrl, string expected) =>
        Assert.Equal(expected, OperatorAuthentication.LocalReturnUrl(returnUrl));
}
